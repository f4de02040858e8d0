package client

import "context"

// Logger receives structured debug lines. The provider bridges it into tflog;
// fields never include the Authorization header or any token.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Warn(ctx context.Context, msg string, fields map[string]any)
}

type noopLogger struct{}

func (noopLogger) Debug(context.Context, string, map[string]any) {}
func (noopLogger) Warn(context.Context, string, map[string]any)  {}
