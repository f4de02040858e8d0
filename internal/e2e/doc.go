// Package e2e holds end-to-end tests that build the provider binary and run
// the terraform CLI against it, as a user would, with dev_overrides. They
// check what only a whole run can show, such as what reaches Terraform's
// logs and state.
package e2e
