// Command partnercenter-emulator serves the emulated Partner Center reads of
// package internal/emulator on a loopback address, for demos and for CI jobs
// that run the provider against a known fixture.
//
// Usage:
//
//	PARTNERCENTER_EMULATOR_TOKEN=secret partnercenter-emulator -url-file /tmp/pc-url
//
// The customers list (GET /v1/customers) pages as the service does: at most
// 500 a page, links.next with an MS-ContinuationToken header, a starts_with
// filter on CompanyName or Domain. The licence reads answer in one page, as
// the service has been seen to. -page-size N makes every list's pages N
// items at most, the licence reads' too. -customers N adds N generated
// customers for load tests, each with the seed's SKUs, or with
// -skus-per-customer K and -plans-per-sku P, K SKUs of P service plans
// each, built on request so that a fleet of 10,000 customers of 80 SKUs of
// 20 plans costs no memory per SKU. -users-per-customer U gives each of
// them U users (user00001@ upwards, each with one or two licences), built
// on request too, so that a bulk read of every user's licences has
// something to read.
//
// Every JSON answer starts with a UTF-8 byte order mark, as Partner Center's
// do; -bom=false leaves it out. Tokens are told apart as the service does:
// an app-only JWT is refused on the licence reads (403), and an App+User JWT
// whose amr claim shows no MFA gets 401 with code 900421.
//
// Scripts wait for the -url-file to appear, then point the provider's
// endpoint at the URL inside it.
//
// Faults let a CI job rehearse Partner Center incidents (see the emulator
// package for every kind). Each -fault adds one, in ParseFault's key=value
// syntax; -latency and -rate-limit are shortcuts for the two most common
// ones, applied to every customer. Faults are tried in command-line order,
// after any in the fixture's "faults" array:
//
//	partnercenter-emulator -latency 20ms \
//	    -fault kind=throttle,count=2,retry-after=1 \
//	    -fault kind=server_error,status=500,customer=0c39d6d5-c70d-4c55-bc02-f620844f3fd1 \
//	    -rate-limit rate=10,burst=5
//
// list= and page= aim a fault at one list and one of its pages, so that a
// CI job can rehearse a list whose second page fails while its first is
// read, as Partner Center's users list has been seen to answer 404 on its
// second page for days:
//
//	partnercenter-emulator -fault "kind=error,status=404,description=Resource not found,list=users,page=2"
//
// -rate-limit keeps one token bucket per partner (the tenant of a JWT, else the bearer token) and customer
// pair, or with scope=partner one per partner, and answers 429 with
// Retry-After when it is empty. With window=W it counts fixed windows of W
// instead, rate×W requests each, and its 429 has no Retry-After: the wait
// to the window's end is only in the gateway's message, as clients have
// met Partner Center's limits:
//
//	partnercenter-emulator -rate-limit rate=20,window=10s,scope=partner
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

const (
	tokenEnv        = "PARTNERCENTER_EMULATOR_TOKEN"
	shutdownTimeout = 5 * time.Second
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "partnercenter-emulator: %v\n", err)
		os.Exit(1)
	}
}

// run is main without the process globals, so tests can drive it: it serves
// until ctx is cancelled and returns nil after a graceful shutdown.
func run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	fs := flag.NewFlagSet("partnercenter-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:0", "loopback `host:port` to listen on; port 0 picks a free port")
	fixturePath := fs.String("fixture", "", "JSON fixture `file` to serve (default: the embedded default fixture)")
	token := fs.String("token", "", "bearer `token` clients must send (default: $"+tokenEnv+")")
	urlFile := fs.String("url-file", "", "after listening, atomically write the base URL to this `file`")
	generate := fs.Int("customers", 0, "add `N` generated customers to the fixture, for load tests: ids 00000000-0000-4000-8000-000000000000, 00000001-0000-4000-8000-000000000001 and so on (the index in hex in the first and last groups), each with the default fixture's seed SKUs")
	skusPerCustomer := fs.Int("skus-per-customer", 0, fmt.Sprintf("give each of the -customers `K` SKUs, 1 to %d, built on request instead of the seed's: "+
		"the first two AAD_PREMIUM and WIN_ENT_E5, then GENERATED_SKU_003 upwards, all group1, seat counts varying by customer", emulator.MaxGeneratedSkus))
	usersPerCustomer := fs.Int("users-per-customer", 0, fmt.Sprintf("give each of the -customers `U` users, 0 to %d, built on request: "+
		"user00001@ upwards at the customer's domain, each with the licence AAD_PREMIUM, WIN_ENT_E5 or both, in group1", emulator.MaxGeneratedUsers))
	subscriptionsPerCustomer := fs.Int("subscriptions-per-customer", 0, fmt.Sprintf("give each of the -customers `S` subscriptions, 0 to %d, built on request: "+
		"mostly active, and suspended, expired, pending, disabled, deleted and migrated in turn; monthly and yearly terms near their end; auto-renewal off for one in four; "+
		"every 17th a trial, every 6th an add-on", emulator.MaxGeneratedSubscriptions))
	plansPerSku := fs.Int("plans-per-sku", 0, fmt.Sprintf("with -skus-per-customer, give each generated SKU `P` service plans, 0 to %d", emulator.MaxGeneratedSkus))
	pageSize := fs.Int("page-size", 0, fmt.Sprintf("the largest page of every list, `N` from 1 to %d; by default each list answers as the service does: "+
		"the customers list and a customer's users in pages of the size asked (200 without one, at most %d), the licence reads (subscribedskus, a user's licences) in one page. "+
		"N pages those lists smaller, as the service may, and pages the licence reads too, linked by links.next as their REST reference declares", emulator.MaxPageSize, emulator.MaxPageSize))
	pagingEnd := fs.String("paging-end", "last-page", "how the customers list ends: `last-page` (a page without links.next, as the .NET SDK expects) or error-2000 (the last page still links on, and that link answers 400 with code 2000, as Microsoft's NCE tool has met)")
	bom := fs.Bool("bom", true, "start every JSON body with a UTF-8 byte order mark, as Partner Center does; -bom=false sends plain JSON")
	var faults []emulator.Fault // in command-line order, shared by the three flags
	fs.Var(&faultFlag{faults: &faults, parse: emulator.ParseFault}, "fault",
		"inject a fault, repeatable: `spec` is kind=K[,customer=GUID][,list=L[,page=P]][,count=N][,latency=D][,status=NNN][,code=C][,description=TEXT]"+
			"[,retry-after=N|date:N|message:N][,rate=R][,burst=B][,scope=partner][,window=W][,encoding=E][,user=ID]; kinds: latency, throttle (retry-after=message:N: no header, "+
			"the wait only in the message), server_error, error (any 4xx/5xx status with Partner Center's code and description, "+
			"e.g. status=403,code=900150; without code, the gateway's {statusCode, message}), reset, hang, malformed_json, "+
			"truncated_json, html_502, rate_limit, encoding (the answer in encoding=gzip, gzip_without_header, deflate, br, zstd or zstd_without_header, "+
			"whatever Accept-Encoding asked), oversized_gzip (valid JSON past 8 MiB once decompressed, about 9 KiB sent), claims_challenge (401 with a Continuous Access Evaluation claims challenge). list= limits it to one list: customers, users, subscribedskus, licenses or subscriptions; "+
			"page=P to its page P, 1 being the first page and P the request that follows page P-1's links.next, every time unless count is given "+
			"(subscribedskus and licenses are one page without -page-size); user=ID to one user's licence read, by the object id or principal name the request names")
	fs.Var(&faultFlag{faults: &faults, parse: parseLatency}, "latency",
		"delay every read by `duration` (e.g. 20ms); shortcut for -fault kind=latency,latency=D")
	fs.Var(&faultFlag{faults: &faults, parse: parseRateLimit}, "rate-limit",
		"rate-limit each partner (the tenant of a JWT, else the bearer token) and customer pair: `spec` is rate=R[,burst=B][,scope=partner][,window=W], tokens per second, bucket size (default 1) and, with scope=partner, one bucket for all of a partner's customers; over it, 429 with Retry-After. "+
			"window=W (e.g. 10s) counts fixed windows instead of a bucket: R×W requests per window, and over it 429 without Retry-After, the seconds to the window's end only in the message \"Try again in N seconds.\"")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q; see -help", fs.Args())
	}

	accessToken := *token
	if accessToken == "" {
		accessToken = getenv(tokenEnv)
	}
	if accessToken == "" {
		return fmt.Errorf("no access token: pass -token or set %s", tokenEnv)
	}
	var fixture *emulator.Fixture // nil selects the embedded default
	if *fixturePath != "" {
		f, err := emulator.LoadFixture(*fixturePath)
		if err != nil {
			return err
		}
		fixture = f
	}
	if *generate < 0 {
		return fmt.Errorf("-customers %d must not be negative", *generate)
	}
	shape := emulator.SkuShape{Skus: *skusPerCustomer, PlansPerSku: *plansPerSku}
	skusGiven, usersGiven := false, false // 0 is the flag's "not given", but -skus-per-customer 0 is a mistake
	fs.Visit(func(f *flag.Flag) {
		skusGiven = skusGiven || f.Name == "skus-per-customer"
		usersGiven = usersGiven || f.Name == "users-per-customer"
	})
	switch {
	case skusGiven && shape.Skus == 0:
		return fmt.Errorf("-skus-per-customer 0 must be from 1 to %d", emulator.MaxGeneratedSkus)
	case shape.Skus != 0 && *generate == 0:
		return fmt.Errorf("-skus-per-customer %d shapes the generated customers: add -customers N", shape.Skus)
	case shape.PlansPerSku != 0 && shape.Skus == 0:
		return fmt.Errorf("-plans-per-sku %d needs -skus-per-customer K: the seed's SKUs keep their own plans", shape.PlansPerSku)
	case shape.Skus < 0 || shape.Skus > emulator.MaxGeneratedSkus:
		return fmt.Errorf("-skus-per-customer %d must be from 1 to %d", shape.Skus, emulator.MaxGeneratedSkus)
	case shape.PlansPerSku < 0 || shape.PlansPerSku > emulator.MaxGeneratedSkus:
		return fmt.Errorf("-plans-per-sku %d must be from 0 to %d", shape.PlansPerSku, emulator.MaxGeneratedSkus)
	case usersGiven && *generate == 0:
		return fmt.Errorf("-users-per-customer %d gives the generated customers users: add -customers N", *usersPerCustomer)
	case *subscriptionsPerCustomer != 0 && *generate == 0:
		return fmt.Errorf("-subscriptions-per-customer %d gives the generated customers subscriptions: add -customers N", *subscriptionsPerCustomer)
	case *subscriptionsPerCustomer < 0 || *subscriptionsPerCustomer > emulator.MaxGeneratedSubscriptions:
		return fmt.Errorf("-subscriptions-per-customer %d must be from 0 to %d", *subscriptionsPerCustomer, emulator.MaxGeneratedSubscriptions)
	case *usersPerCustomer < 0 || *usersPerCustomer > emulator.MaxGeneratedUsers:
		return fmt.Errorf("-users-per-customer %d must be from 0 to %d", *usersPerCustomer, emulator.MaxGeneratedUsers)
	}
	if *generate > 0 {
		if fixture == nil {
			fixture = emulator.DefaultFixture()
		}
		generated := emulator.GeneratedCustomersWith(*generate, shape)
		for i := range generated {
			generated[i].GeneratedUsers = *usersPerCustomer
			generated[i].GeneratedSubscriptions = *subscriptionsPerCustomer
		}
		fixture.Customers = append(fixture.Customers, generated...)
	}
	if *pagingEnd != "last-page" && *pagingEnd != "error-2000" {
		return fmt.Errorf("-paging-end %q: use last-page or error-2000", *pagingEnd)
	}
	// Nothing in the program reads the recorded requests, which would
	// otherwise grow with every run it serves (23 MiB a 10,000-customer read).
	em, err := emulator.New(emulator.Options{AccessToken: accessToken, Fixture: fixture, Faults: faults, OmitBOM: !*bom, PageSize: *pageSize,
		PagingEndsWith2000: *pagingEnd == "error-2000", CountRequestsOnly: true})
	if err != nil {
		return err
	}

	ln, err := emulator.ListenLoopback(ctx, *listen)
	if err != nil {
		return err
	}
	logger := log.New(stderr, "", 0)
	// Shutdown waits for requests to finish, but a hang fault waits for its
	// client. Canceling every request's context when shutdown starts lets
	// hung and delayed requests give up at once.
	requestCtx, cancelRequests := context.WithCancel(context.Background())
	defer cancelRequests()
	srv := &http.Server{
		Handler:           emulator.LogRequests(em, logger),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          logger,
		BaseContext:       func(net.Listener) context.Context { return requestCtx },
	}
	srv.RegisterOnShutdown(cancelRequests)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	baseURL := "http://" + ln.Addr().String()
	logger.Printf("partnercenter-emulator listening on %s", baseURL)
	if *urlFile != "" {
		if err := writeFileAtomic(*urlFile, baseURL); err != nil {
			_ = srv.Close()
			return fmt.Errorf("writing -url-file: %w", err)
		}
		// A stale file would make the next run's wait loop connect to a
		// dead port, so remove it when this server stops.
		defer func() { _ = os.Remove(*urlFile) }()
	}

	select {
	case err := <-served:
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
	logger.Printf("partnercenter-emulator shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		_ = srv.Close()
		return fmt.Errorf("shutting down: %w", err)
	}
	return nil
}

// writeFileAtomic writes content to a temporary file beside path and renames
// it into place, so a script polling for path never reads a partial URL.
func writeFileAtomic(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(tmp.Name()) }() // fails harmlessly once renamed
	if _, err := tmp.WriteString(content); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// faultFlag is a repeatable flag that appends each value, parsed, to a list
// shared with the other fault flags, so their command-line order is the
// order the faults are tried in.
type faultFlag struct {
	faults *[]emulator.Fault
	parse  func(string) (emulator.Fault, error)
}

func (f *faultFlag) String() string { return "" }

func (f *faultFlag) Set(value string) error {
	fault, err := f.parse(value)
	if err != nil {
		return err
	}
	*f.faults = append(*f.faults, fault)
	return nil
}

// parseLatency reads -latency: a global latency fault.
func parseLatency(value string) (emulator.Fault, error) {
	d, err := time.ParseDuration(value)
	if err != nil || d <= 0 {
		return emulator.Fault{}, fmt.Errorf("want a positive duration such as 20ms or 1s, not %q", value)
	}
	return emulator.Fault{Kind: emulator.FaultLatency, Latency: emulator.Duration(d)}, nil
}

// parseRateLimit reads -rate-limit "rate=R,burst=B,scope=S,window=W": a
// rate_limit fault on every customer. Only rate, burst, scope and window are
// accepted; a limit on one customer is a -fault.
func parseRateLimit(value string) (emulator.Fault, error) {
	for item := range strings.SplitSeq(value, ",") {
		key, _, _ := strings.Cut(item, "=")
		if k := strings.ToLower(strings.TrimSpace(key)); k != "rate" && k != "burst" && k != "scope" && k != "window" {
			return emulator.Fault{}, fmt.Errorf("want rate=R[,burst=B][,scope=partner][,window=W], not %q (for other settings use -fault kind=rate_limit,...)", value)
		}
	}
	return emulator.ParseFault("kind=rate_limit," + value)
}
