package auth

import (
	"context"
	"fmt"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"golang.org/x/oauth2"
)

// azureTokenSource adapts an azidentity credential to oauth2.TokenSource, so
// every method shares one cache and one set of claim checks.
type azureTokenSource struct {
	credential azcore.TokenCredential
	scope      string
}

func (a azureTokenSource) Token() (*oauth2.Token, error) {
	ctx, cancel := context.WithTimeout(context.Background(), tokenRequestTimeout)
	defer cancel()
	token, err := a.credential.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{a.scope}})
	if err != nil {
		return nil, err
	}
	return &oauth2.Token{AccessToken: token.Token, TokenType: "Bearer", Expiry: token.ExpiresOn}, nil
}

func clientOptions(s Settings) azcore.ClientOptions {
	opts := azcore.ClientOptions{Cloud: cloud.Configuration{ActiveDirectoryAuthorityHost: s.Cloud.AuthorityHost}}
	if s.HTTPClient != nil {
		opts.Transport = s.HTTPClient
	}
	return opts
}

func newAzureCLISource(s Settings) (oauth2.TokenSource, string, error) {
	cred, err := azidentity.NewAzureCLICredential(&azidentity.AzureCLICredentialOptions{TenantID: s.TenantID})
	if err != nil {
		return nil, "", fmt.Errorf("azure CLI: %w", err)
	}
	description := "the Azure CLI's signed-in user (az account get-access-token)"
	if s.TenantID != "" {
		description += " in tenant " + s.TenantID
	}
	return azureTokenSource{credential: cred, scope: s.Cloud.Scope()}, description, nil
}

func newClientCredentialsSource(s Settings) (oauth2.TokenSource, string, error) {
	if s.ClientSecret != "" {
		cred, err := azidentity.NewClientSecretCredential(s.TenantID, s.ClientID, s.ClientSecret,
			&azidentity.ClientSecretCredentialOptions{ClientOptions: clientOptions(s), DisableInstanceDiscovery: s.CustomAuthority})
		if err != nil {
			return nil, "", fmt.Errorf("client credentials: %w", err)
		}
		return azureTokenSource{credential: cred, scope: s.Cloud.Scope()},
			fmt.Sprintf("the client credentials (client secret) of client %s in tenant %s", s.ClientID, s.TenantID), nil
	}
	certs, key, err := parseCertificate(s.ClientCertificate, s.ClientCertificatePassword)
	if err != nil {
		return nil, "", err
	}
	cred, err := azidentity.NewClientCertificateCredential(s.TenantID, s.ClientID, certs, key,
		&azidentity.ClientCertificateCredentialOptions{ClientOptions: clientOptions(s), DisableInstanceDiscovery: s.CustomAuthority})
	if err != nil {
		return nil, "", fmt.Errorf("client credentials: %w", err)
	}
	return azureTokenSource{credential: cred, scope: s.Cloud.Scope()},
		fmt.Sprintf("the client credentials (client certificate) of client %s in tenant %s", s.ClientID, s.TenantID), nil
}
