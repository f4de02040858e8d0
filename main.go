// Command terraform-provider-partnercenter serves the Partner Center
// Terraform provider over the plugin protocol (version 6).
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/provider"
)

// version and commit are set at build time, e.g. by GoReleaser:
// -ldflags "-X main.version=1.2.3 -X main.commit=abc123".
var (
	version = "dev"
	commit  = "none"
)

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "start the provider with support for debuggers like delve")
	flag.Parse()
	log.Printf("terraform-provider-partnercenter %s (%s)", version, commit)

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/partnercenter-terraform/partnercenter",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
