package client

import (
	"context"
	"errors"
)

// TokenSource supplies the bearer token for a request. Implementations must
// be safe for concurrent use; a caching, refreshing source for the secure
// application model plugs in here without touching the callers.
type TokenSource interface {
	Token(ctx context.Context) (string, error)
}

// StaticToken is a TokenSource for a token obtained elsewhere.
type StaticToken string

// Token returns the token itself.
func (t StaticToken) Token(context.Context) (string, error) {
	if t == "" {
		return "", errors.New("no access token was configured")
	}
	return string(t), nil
}

// AppUserVerifier is implemented by token sources that can tell an App+User
// token from an app-only one. The client asks it before sending a call that
// needs App+User (Request.AppUser), so that an app-only token is refused
// with a clear error instead of Partner Center's 403.
type AppUserVerifier interface {
	VerifyAppUser(token string) error
}

// Invalidator is implemented by token sources that cache: after a 401 the
// client asks them to drop the refused token before asking for another.
type Invalidator interface {
	Invalidate(refused string)
}

// Describer is implemented by token sources that can say, without secrets,
// which credential they use, so a 401 can name it.
type Describer interface {
	Describe() string
}
