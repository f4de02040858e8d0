package provider

import (
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
)

// Live tests read a real Partner Center integration sandbox. They run only
// when its variables are set: the provider's own PARTNERCENTER_* credentials
// plus the ids below. They cannot run on this project's CI, which has no
// route to Microsoft.
const (
	envLiveCustomerID = "PARTNERCENTER_LIVE_CUSTOMER_ID"
	envLiveUserID     = "PARTNERCENTER_LIVE_USER_ID"
)

func TestAccLiveSandboxReads(t *testing.T) {
	customerID := os.Getenv(envLiveCustomerID)
	if customerID == "" {
		t.Skipf("live sandbox tests are off: set %s (and %s for the user read) with the provider's PARTNERCENTER_* "+
			"credentials for a Partner Center integration sandbox to run them", envLiveCustomerID, envLiveUserID)
	}
	config := skusBlock(customerID, nil)
	checks := []statecheck.StateCheck{
		expectValue(skusAddress, "total_count", knownvalue.NotNull()),
		expectValue(skusAddress, "subscribed_skus", knownvalue.NotNull()),
	}
	if userID := os.Getenv(envLiveUserID); userID != "" {
		config += acctest.Data(licensesType, "test", acctest.Args{"customer_id": customerID, "user_id": userID})
		checks = append(checks, expectValue(licensesAddress, "licenses", knownvalue.NotNull()))
	}
	testStepsAlone(t, resource.TestStep{Config: config, ConfigStateChecks: checks})
}
