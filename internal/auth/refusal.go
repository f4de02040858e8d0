package auth

import (
	"sync"

	"golang.org/x/oauth2"
)

// refusalMemo remembers Entra's refusal of a credential for the rest of
// the run, so that a refused refresh token (or client secret) is sent once,
// not once per read: the MFA check before the first read, each parallel
// read and the 401 stage would otherwise each ask again, and
// oauth2.ReuseTokenSource caches tokens, not errors. A failure that is not
// a refusal (no answer, 429, 5xx) is not remembered, so the next read
// tries again.
type refusalMemo struct {
	method Method
	base   oauth2.TokenSource

	mu      sync.Mutex
	refusal error
}

func (r *refusalMemo) Token() (*oauth2.Token, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.refusal != nil {
		return nil, r.refusal
	}
	token, err := r.base.Token()
	if err != nil && describeTokenError(r.method, err).Refused() {
		r.refusal = err
	}
	return token, err
}
