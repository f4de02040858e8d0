package client

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
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
	// Logger receives a warning for each retry, with its reason and wait.
	Logger Logger
}

// NewHTTPClient returns the *http.Client the provider injects: proxy settings
// from the environment, a per-attempt timeout, enough idle connections per
// host for Terraform's parallel reads to reuse them, redirects only to https
// (or loopback), and retries as opts.Retry says. Go already drops the
// Authorization header when a redirect leaves the original host.
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
	base := &http.Client{Transport: throttleWaitTransport{next: transport}, Timeout: opts.Timeout, CheckRedirect: checkRedirect}
	if opts.Retry.MaxRetries <= 0 {
		return base, nil
	}
	// Each attempt is bounded by base's Timeout; the whole request by its
	// context and the retry count.
	return &http.Client{Transport: newRetryingTransport(base, opts.Retry, opts.Logger, newPacer(time.Now)), CheckRedirect: checkRedirect}, nil
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
