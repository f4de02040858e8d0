package client

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"golang.org/x/sync/semaphore"
)

// maxRedirects bounds redirect chains; Partner Center does not redirect
// these reads, so a long chain is a misconfigured proxy.
const maxRedirects = 5

// HTTPOptions configure NewHTTPClient.
type HTTPOptions struct {
	// Timeout bounds each attempt, so a hung connection cannot hang a plan.
	Timeout time.Duration
	// ExtraRootsPEM adds root certificates to the system's, for a
	// TLS-inspecting proxy or a private cloud.
	ExtraRootsPEM []byte
	// Retry is the retry policy; the zero value sends each request once.
	Retry RetryPolicy
	// MaxConcurrentRequests caps the attempts in flight at once, across
	// every request sent through the client; 0 means no cap.
	MaxConcurrentRequests int
	// Logger receives a warning for each retry, with its reason and wait.
	Logger Logger
}

// NewHTTPClient returns the *http.Client the provider injects. Each attempt
// goes through, from the outside in (see pipeline):
//
//  1. retries: go-retryablehttp, 429s after Retry-After, 5xx but 501 and
//     network errors with exponential backoff and jitter (opts.Retry; off
//     when MaxRetries is 0);
//  2. the concurrency limit: at most opts.MaxConcurrentRequests attempts
//     in flight at once, across every request of the client (0: no limit);
//  3. the shared pace, which every attempt waits for, which learns from
//     429s how fast Partner Center will take them and which holds every
//     attempt for a 429's wait (see pacer);
//  4. the throttle wait: a 429 whose wait is only in its message gets it
//     as Retry-After;
//  5. the attempt itself: proxy settings from the environment, TLS with
//     opts.ExtraRootsPEM, a per-attempt timeout (opts.Timeout), enough idle
//     connections per host for parallel reads to reuse, and redirects only
//     to https (or loopback). Go drops Authorization when a redirect leaves
//     the original host.
//
// The 401 refresh wraps all of these, in Client.getJSON: it needs the token
// source, which the transport does not hold.
func NewHTTPClient(opts HTTPOptions) (*http.Client, error) {
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12}
	if len(opts.ExtraRootsPEM) > 0 {
		roots, err := x509.SystemCertPool()
		if err != nil {
			roots = x509.NewCertPool()
		}
		if !roots.AppendCertsFromPEM(opts.ExtraRootsPEM) {
			return nil, errors.New("the CA certificate file holds no PEM certificate")
		}
		tlsConfig.RootCAs = roots
	}
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   32,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		TLSClientConfig:       tlsConfig,
	}
	attempt := &http.Client{Transport: transport, Timeout: opts.Timeout, CheckRedirect: checkRedirect}
	var slots *semaphore.Weighted
	if opts.MaxConcurrentRequests > 0 {
		slots = semaphore.NewWeighted(int64(opts.MaxConcurrentRequests))
	}
	var pace *pacer
	if opts.Retry.MaxRetries > 0 {
		// A pace only helps when a refused attempt is tried again; it
		// holds no longer than the policy waits for one.
		maxHold := opts.Retry.MaxRetryAfter
		if maxHold <= 0 {
			maxHold = DefaultRetryPolicy.MaxRetryAfter
		}
		pace = newPacer(time.Now, maxHold)
	}
	return &http.Client{Transport: pipeline(attempt, slots, pace, opts.Retry, opts.Logger)}, nil
}

// pipeline puts the stages of NewHTTPClient together, innermost first, each
// wrapping the one before. Tests build it with their own stages.
func pipeline(attempt *http.Client, slots *semaphore.Weighted, pace *pacer, retry RetryPolicy, logger Logger) http.RoundTripper {
	var rt http.RoundTripper = clientTransport{attempt}
	rt = throttleWaitTransport{next: rt}
	rt = paceTransport{next: rt, pace: pace, logger: logger}
	rt = limitTransport{next: rt, slots: slots}
	if retry.MaxRetries > 0 {
		rt = newRetryTransport(rt, retry, logger)
	}
	return rt
}

// clientTransport sends one attempt through an *http.Client, so that the
// client's own timeout and redirect policy bound the attempt and nothing
// outside it: a pace wait does not eat into the timeout.
type clientTransport struct{ client *http.Client }

func (t clientTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return t.client.Do(req)
}

func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return fmt.Errorf("stopped after %d redirects", maxRedirects)
	}
	if req.URL.Scheme != "https" && !IsLoopbackHost(req.URL.Hostname()) {
		return errors.New("refused a redirect to " + req.URL.Redacted() + ": only https is followed")
	}
	return nil
}
