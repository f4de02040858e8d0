package provider

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/fakeentra"
)

// Every way of signing in, configured through environment variables only,
// against a fake Entra ID over TLS and an emulator that accepts the fake's
// App+User tokens and refuses its app-only ones, as Partner Center does.
// t.Setenv makes these tests sequential.

const (
	accTenant       = acctest.TenantID
	accClientID     = acctest.ClientID
	accClientSecret = acctest.ClientSecret
	accRefreshToken = acctest.RefreshToken
)

type signInRig struct {
	entra *fakeentra.Server
	em    *emulator.Emulator
}

// startSignInRig starts both fakes and points the provider at them with
// environment variables; credentials are left to each test.
func startSignInRig(t *testing.T, mutate func(*fakeentra.Options)) *signInRig {
	t.Helper()
	// Entra ID keeps a redeemed refresh token valid after it rotates in a
	// new one, as the fake does, and every terraform command is a new
	// provider process that starts again from the configured token. That
	// each process redeems the newest one is covered in internal/auth.
	opts := fakeentra.Options{TenantID: accTenant, ClientID: accClientID, ClientSecret: accClientSecret,
		RefreshToken: accRefreshToken}
	if mutate != nil {
		mutate(&opts)
	}
	b := acctest.StartBackends(t, opts, emulator.Options{})
	clearCredentialEnvironment(t)
	for variable, value := range b.Env() {
		t.Setenv(variable, value)
	}
	return &signInRig{entra: b.Entra, em: b.Emulator}
}

// clearCredentialEnvironment keeps a developer's own PARTNERCENTER_*
// variables out of these tests.
func clearCredentialEnvironment(t *testing.T) {
	for _, variable := range envFor {
		t.Setenv(variable, "")
	}
}

func (r *signInRig) expectSeedRead(t *testing.T) {
	t.Helper()
	testStepsAlone(t, resource.TestStep{
		Config:            skusBlock(seedCustomer, nil),
		ConfigStateChecks: []statecheck.StateCheck{expectInt(skusAddress, "total_count", 4)},
	})
}

func (r *signInRig) expectError(t *testing.T, pattern *regexp.Regexp) {
	t.Helper()
	testStepsAlone(t, resource.TestStep{Config: skusBlock(seedCustomer, nil), ExpectError: pattern})
}

func TestAccSignInSecureApplicationModelWithSecret(t *testing.T) {
	rig := startSignInRig(t, nil)
	t.Setenv(envFor["tenant_id"], accTenant)
	t.Setenv(envFor["client_id"], accClientID)
	t.Setenv(envFor["client_secret"], accClientSecret)
	t.Setenv(envFor["refresh_token"], accRefreshToken)
	rig.expectSeedRead(t)
	if n := rig.entra.TokenRequestsByGrant("refresh_token"); n < 1 {
		t.Errorf("no refresh_token redemption reached Entra ID")
	}
	if rig.em.RequestCount() == 0 {
		t.Error("no read reached Partner Center")
	}
}

func TestAccSignInSecureApplicationModelWithCertificate(t *testing.T) {
	certPEM, keyPEM, cert, err := fakeentra.GenerateClientCertificate("partnercenter-acc")
	if err != nil {
		t.Fatal(err)
	}
	_ = startSignInRig(t, func(o *fakeentra.Options) { o.ClientSecret = ""; o.ClientCertificate = cert })
	t.Setenv(envFor["tenant_id"], accTenant)
	t.Setenv(envFor["client_id"], accClientID)
	t.Setenv(envFor["client_certificate"], base64.StdEncoding.EncodeToString(append(certPEM, keyPEM...)))
	t.Setenv(envFor["refresh_token"], accRefreshToken)
	(&signInRig{}).expectSeedRead(t)
}

func TestAccSignInWithAccessToken(t *testing.T) {
	rig := startSignInRig(t, nil)
	t.Setenv(envFor["access_token"], rig.entra.IssueUserToken(time.Hour))
	rig.expectSeedRead(t)
	if n := rig.entra.TokenRequests(); n != 0 {
		t.Errorf("%d token requests for a passed access token, want 0", n)
	}
}

func TestAccSignInRefusesExpiredAccessToken(t *testing.T) {
	rig := startSignInRig(t, nil)
	t.Setenv(envFor["access_token"], rig.entra.IssueUserToken(-time.Minute))
	// The request line says it never left, so support is not sent looking
	// for its ids.
	rig.expectError(t, errorNaming("access token expired at", "was not sent", "refresh_token", "Not sent: GET", "never received"))
	if n := rig.em.RequestCount(); n != 0 {
		t.Errorf("the expired token reached Partner Center %d times", n)
	}
}

func TestAccSignInRefusesAppOnlyTokens(t *testing.T) {
	rig := startSignInRig(t, nil)
	t.Run("passed access token", func(t *testing.T) {
		t.Setenv(envFor["access_token"], rig.entra.IssueAppToken(time.Hour))
		rig.expectError(t, errorNaming("app-only", "App+User", "secure application model", "Not sent: GET", "never received"))
	})
	t.Run("client credentials", func(t *testing.T) {
		t.Setenv(envFor["access_token"], "")
		t.Setenv(envFor["tenant_id"], accTenant)
		t.Setenv(envFor["client_id"], accClientID)
		t.Setenv(envFor["client_secret"], accClientSecret)
		rig.expectError(t, errorNaming("app-only", "App+User", "refresh_token"))
		if n := rig.entra.TokenRequestsByGrant("client_credentials"); n < 1 {
			t.Error("the client credentials were never redeemed")
		}
	})
	if n := rig.em.RequestCount(); n != 0 {
		t.Errorf("an app-only token reached Partner Center %d times", n)
	}
}

func TestAccSignInWithAzureCLI(t *testing.T) {
	rig := startSignInRig(t, nil)
	fakeAzureCLI(t, rig.entra.IssueUserToken(time.Hour))
	t.Setenv(envFor["use_cli"], strconv.FormatBool(true))
	rig.expectSeedRead(t)
}

// fakeAzureCLI puts an az on PATH that answers get-access-token with
// token, as the Azure CLI does.
func fakeAzureCLI(t *testing.T, token string) {
	t.Helper()
	dir := t.TempDir()
	response := fmt.Sprintf(`{"accessToken":%q,"expires_on":%d,"tokenType":"Bearer"}`, token, time.Now().Add(time.Hour).Unix())
	if err := os.WriteFile(filepath.Join(dir, "response.json"), []byte(response), 0o600); err != nil {
		t.Fatal(err)
	}
	script := "#!/bin/sh\ncat '" + filepath.Join(dir, "response.json") + "'\n"
	if err := os.WriteFile(filepath.Join(dir, "az"), []byte(script), 0o700); err != nil { //nolint:gosec // G306: the fake az must be executable
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
}
