package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// tflogBridge sends the client's request lines to Terraform's log, where
// TF_LOG=DEBUG shows them. The client never passes tokens in fields.
type tflogBridge struct{}

func (tflogBridge) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(ctx, msg, fields)
}

func (tflogBridge) Warn(ctx context.Context, msg string, fields map[string]any) {
	tflog.Warn(ctx, msg, fields)
}
