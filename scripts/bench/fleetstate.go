package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/provider"
)

// fleetDataSource is the data source the fleet applies read.
const fleetDataSource = "partnercenter_subscribed_skus_by_customer"

// subscribedSKUsByCustomerType is the data source's state type, from the
// provider's own schema, as Terraform gets it.
func subscribedSKUsByCustomerType() (tftypes.Type, error) {
	resp, err := provider.ProtocolServer("bench")().GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return nil, err
	}
	schema, ok := resp.DataSourceSchemas[fleetDataSource]
	if !ok {
		return nil, fmt.Errorf("the provider has no %s", fleetDataSource)
	}
	return schema.ValueType(), nil
}

// encodedStateSize is the length of the data source's state in the plugin
// protocol's encoding (MessagePack), which is what the provider sends
// Terraform in one gRPC message: the state file holds it as JSON.
func encodedStateSize(stateFile string, typ tftypes.Type) (int64, error) {
	data, err := os.ReadFile(stateFile) //nolint:gosec // G304: the bench's own state
	if err != nil {
		return 0, err
	}
	var state struct {
		Resources []struct {
			Type      string `json:"type"`
			Instances []struct {
				Attributes json.RawMessage `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(data, &state); err != nil {
		return 0, err
	}
	for _, r := range state.Resources {
		if r.Type != fleetDataSource || len(r.Instances) != 1 {
			continue
		}
		// A DynamicValue holding JSON decodes as Terraform's state JSON.
		value, err := (&tfprotov6.DynamicValue{JSON: r.Instances[0].Attributes}).Unmarshal(typ)
		if err != nil {
			return 0, err
		}
		encoded, err := tfprotov6.NewDynamicValue(typ, value)
		if err != nil {
			return 0, err
		}
		return int64(len(encoded.MsgPack)), nil
	}
	return 0, errors.New("no " + fleetDataSource + " in the state")
}
