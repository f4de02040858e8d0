package client

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// maxRedirects bounds redirect chains; Partner Center does not redirect
// these reads, so a long chain is a misconfigured proxy.
const maxRedirects = 5

// NewHTTPClient returns the *http.Client the provider injects: proxy settings
// from the environment, a per-request timeout so a hung connection cannot
// hang a plan, enough idle connections per host for Terraform's parallel
// reads to reuse them, and redirects only to https (or loopback). Go already
// drops the Authorization header when a redirect leaves the original host.
func NewHTTPClient(timeout time.Duration) *http.Client {
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   32,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
	}
	return &http.Client{Transport: transport, Timeout: timeout, CheckRedirect: checkRedirect}
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
