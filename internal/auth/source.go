package auth

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// refreshEarly renews a token this long before it expires, so a token is
// never sent in its last minutes, when clock skew or a slow plan could see
// it expire in flight.
const refreshEarly = 5 * time.Minute

// tokenRequestTimeout bounds one token request. x/oauth2 token sources take
// no context, so the request runs on its own bounded context; a cancelled
// caller stops waiting at once (see Token).
const tokenRequestTimeout = 60 * time.Second

// Source is a concurrency-safe, caching token source for the Partner
// Center client. All reads of a provider process share one Source.
type Source struct {
	method      Method
	description string
	base        oauth2.TokenSource
	now         func() time.Time

	mu     sync.Mutex
	cached oauth2.TokenSource // ReuseTokenSource over base; replaced by Invalidate
	last   string             // the token most recently handed out
}

// NewSource builds the token source for s. Nothing is requested until the
// first read asks for a token. Whether a call needs App+User is the call's
// property: the client asks VerifyAppUser before sending one that does.
func NewSource(s Settings) (*Source, error) {
	method, err := s.Select()
	if err != nil {
		return nil, err
	}
	if err := s.check(method); err != nil {
		return nil, err
	}
	base, description, err := newBase(method, s)
	if err != nil {
		return nil, err
	}
	if method != MethodAccessToken {
		base = &refusalMemo{method: method, base: base}
	}
	src := &Source{method: method, description: description, base: base, now: time.Now}
	src.cached = oauth2.ReuseTokenSourceWithExpiry(nil, base, refreshEarly)
	return src, nil
}

func newBase(method Method, s Settings) (oauth2.TokenSource, string, error) {
	switch method {
	case MethodAccessToken:
		return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: s.AccessToken, Expiry: expiryOf(s.AccessToken)}),
			"the access token passed to the provider", nil
	case MethodRefreshToken:
		return newRefreshTokenSource(s)
	case MethodAzureCLI:
		return newAzureCLISource(s)
	case MethodClientCredentials:
		return newClientCredentialsSource(s)
	}
	return nil, "", fmt.Errorf("unsupported sign-in method %q", method)
}

// Method is the sign-in method in use.
func (s *Source) Method() Method { return s.method }

// Describe says which credential is in use, without any secret, for error
// messages.
func (s *Source) Describe() string { return s.description }

// Token returns a valid access token, fetching one if none is cached. Many
// callers may wait at once; ReuseTokenSource lets exactly one of them fetch.
// A caller whose context ends stops waiting at once; the fetch itself goes
// on, bounded, and its token is cached for the others.
func (s *Source) Token(ctx context.Context) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	s.mu.Lock()
	cached := s.cached
	s.mu.Unlock()

	type result struct {
		token *oauth2.Token
		err   error
	}
	done := make(chan result, 1)
	go func() {
		t, err := cached.Token()
		done <- result{t, err}
	}()
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case r := <-done:
		if r.err != nil {
			return "", describeTokenError(s.method, r.err)
		}
		if err := checkExpiry(r.token.AccessToken, s.now()); err != nil {
			return "", err
		}
		s.mu.Lock()
		s.last = r.token.AccessToken
		s.mu.Unlock()
		return r.token.AccessToken, nil
	}
}

// VerifyAppUser refuses an app-only token, before it is sent on a call that
// accepts App+User tokens only (client.AppUserVerifier).
func (s *Source) VerifyAppUser(token string) error { return checkAppUser(token) }

// Invalidate drops the cached token after Partner Center refused it (401),
// so that the next Token fetches a new one. When many parallel reads are
// refused with the same token, only the first drops it; a token that was
// already replaced leaves the new one alone.
func (s *Source) Invalidate(rejected string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rejected != s.last {
		return
	}
	s.last = ""
	s.cached = oauth2.ReuseTokenSourceWithExpiry(nil, s.base, refreshEarly)
}
