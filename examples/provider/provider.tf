terraform {
  required_providers {
    partnercenter = {
      source = "partnercenter-terraform/partnercenter"
    }
  }
}

# Set the token with PARTNERCENTER_ACCESS_TOKEN to keep it out of the
# configuration. Every argument can come from its PARTNERCENTER_* variable.
provider "partnercenter" {
  locale = "en-US"
}
