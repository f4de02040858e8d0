// Command terraform-provider-partnercenter serves the Partner Center
// Terraform provider over the plugin protocol (version 6).
package main

import (
	"flag"
	"log"
	"os"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/profiling"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/provider"
)

// version is set at build time, e.g. by GoReleaser:
// -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "start the provider with support for debuggers like delve")
	flag.Parse()
	stopProfiles := profiling.FromEnvironment()
	err := provider.Serve("registry.terraform.io/partnercenter-terraform/partnercenter", version, debug)
	stopProfiles()
	if err != nil {
		log.Print(err.Error())
		os.Exit(1)
	}
}
