package fakeentra

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// These run the real azidentity and MSAL code against the fake.

func azClientOptions(s *Server) azcore.ClientOptions {
	return azcore.ClientOptions{
		Cloud:     cloud.Configuration{ActiveDirectoryAuthorityHost: s.URL() + "/"},
		Transport: s.Client(),
	}
}

func checkAzToken(t *testing.T, s *Server, cred azcore.TokenCredential) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	opts := policy.TokenRequestOptions{Scopes: []string{PartnerCenterAudience + "/.default"}}
	tok, err := cred.GetToken(ctx, opts)
	if err != nil {
		t.Fatalf("GetToken: %v", err)
	}
	claims, err := s.Verify(tok.Token)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if !claims.IsAppOnly() || claims.AppID != testClient {
		t.Errorf("claims: %+v", claims)
	}
	if d := time.Until(tok.ExpiresOn); d < 59*time.Minute || d > time.Hour+time.Minute {
		t.Errorf("ExpiresOn in %s", d)
	}
	if s.TokenRequestsByGrant("client_credentials") != 1 {
		t.Errorf("client_credentials requests = %d", s.TokenRequestsByGrant("client_credentials"))
	}
	// MSAL caches the token: a second GetToken makes no request.
	if _, err := cred.GetToken(ctx, opts); err != nil {
		t.Fatalf("second GetToken: %v", err)
	}
	if s.TokenRequests() != 1 {
		t.Errorf("TokenRequests = %d after a cached GetToken", s.TokenRequests())
	}
	if s.DiscoveryRequests() != 1 {
		t.Errorf("DiscoveryRequests = %d", s.DiscoveryRequests())
	}
}

func TestAzidentityClientSecretCredential(t *testing.T) {
	s := start(t, nil)
	cred, err := azidentity.NewClientSecretCredential(testTenant, testClient, testSecret, &azidentity.ClientSecretCredentialOptions{
		ClientOptions:            azClientOptions(s),
		DisableInstanceDiscovery: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	checkAzToken(t, s, cred)
	if rs := s.Requests(); len(rs) != 2 || rs[1].ClientAuth != "client_secret_post" {
		t.Errorf("requests: %+v", rs)
	}
}

func TestAzidentityClientCertificateCredential(t *testing.T) {
	certPEM, keyPEM, cert, err := GenerateClientCertificate("fakeentra-azidentity")
	if err != nil {
		t.Fatal(err)
	}
	certs, key, err := azidentity.ParseCertificates(append(certPEM, keyPEM...), nil)
	if err != nil {
		t.Fatalf("ParseCertificates: %v", err)
	}
	s := start(t, func(o *Options) { o.ClientSecret, o.ClientCertificate = "", cert })
	for _, sendX5C := range []bool{false, true} {
		s := s
		if sendX5C {
			s = start(t, func(o *Options) { o.ClientSecret, o.ClientCertificate = "", cert })
		}
		cred, err := azidentity.NewClientCertificateCredential(testTenant, testClient, certs, key, &azidentity.ClientCertificateCredentialOptions{
			ClientOptions:            azClientOptions(s),
			DisableInstanceDiscovery: true,
			SendCertificateChain:     sendX5C,
		})
		if err != nil {
			t.Fatal(err)
		}
		checkAzToken(t, s, cred)
		// MSAL signs client assertions for Entra with PS256, not RS256.
		var auth []string
		for _, r := range s.Requests() {
			if r.Grant != "" {
				auth = append(auth, r.ClientAuth+" "+r.AssertionAlg)
			}
		}
		if len(auth) != 1 || auth[0] != "private_key_jwt PS256" {
			t.Errorf("client auth seen: %q", auth)
		}
	}
}

// An Entra error reply reaches the caller as an AuthenticationFailedError
// carrying the AADSTS code, and the secret is not in it.
func TestAzidentityErrors(t *testing.T) {
	s := start(t, nil)
	cred, err := azidentity.NewClientSecretCredential(testTenant, testClient, "wrong-secret", &azidentity.ClientSecretCredentialOptions{
		ClientOptions:            azClientOptions(s),
		DisableInstanceDiscovery: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	_, err = cred.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{ScopeDefault}})
	var afe *azidentity.AuthenticationFailedError
	if !errors.As(err, &afe) || afe.RawResponse == nil || afe.RawResponse.StatusCode != 401 ||
		!strings.Contains(err.Error(), "AADSTS7000215") {
		t.Fatalf("wrong secret: %v", err)
	}
	if strings.Contains(err.Error(), testSecret) {
		t.Error("the error echoes the secret")
	}

	// The wrong scope, refused by the fake, not by MSAL.
	s2 := start(t, nil)
	cred, err = azidentity.NewClientSecretCredential(testTenant, testClient, testSecret, &azidentity.ClientSecretCredentialOptions{
		ClientOptions:            azClientOptions(s2),
		DisableInstanceDiscovery: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = cred.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{"https://graph.microsoft.com/.default"}})
	if err == nil || !strings.Contains(err.Error(), "AADSTS70011") {
		t.Fatalf("wrong scope: %v", err)
	}
}
