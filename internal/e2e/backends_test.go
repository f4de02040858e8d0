package e2e

import (
	"testing"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/fakeentra"
)

// The fake partner's credentials, from the shared test kit, and the
// default fixture's customer with every seed figure.
const (
	clientSecret = acctest.ClientSecret
	refreshToken = acctest.RefreshToken
	seedCustomer = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1"
)

// startBackends starts acctest's fake Entra ID and an emulator that accepts
// its App+User tokens.
func startBackends(t *testing.T) *acctest.Backends {
	t.Helper()
	return acctest.StartBackends(t, fakeentra.Options{}, emulator.Options{})
}

// secureApplicationModel is the environment of a refresh-token sign-in.
var secureApplicationModel = acctest.SecureApplicationModel()

// setenvs adds each variable to the workspace's environment.
func (w *workspace) setenvs(vars map[string]string) {
	for k, v := range vars {
		w.setenv(k, v)
	}
}
