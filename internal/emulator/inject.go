package emulator

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// activeFault is a validated Fault with its defaults filled in and its
// run-time state: the Count budget left and, for rate_limit, the buckets.
type activeFault struct {
	Fault
	customer   string         // lower-cased Customer; "" matches every customer
	remaining  atomic.Int64   // Count budget left; unused when Count is 0
	retryAfter retryAfterSpec // throttle only
	limiter    rateLimiter    // rate_limit only
}

// faultSet is the immutable list SetFaults swaps in. Requests load it once,
// so one request never sees half of an old list and half of a new one.
type faultSet struct {
	faults []*activeFault
}

// newFaultSet validates faults, naming a bad one as where[i], and builds
// fresh state for them: full Count budgets and empty buckets.
func newFaultSet(faults []Fault, where string) (*faultSet, error) {
	if err := validateFaults(faults, where); err != nil {
		return nil, err
	}
	set := &faultSet{faults: make([]*activeFault, len(faults))}
	for i, f := range faults {
		af := &activeFault{Fault: f, customer: strings.ToLower(f.Customer)}
		af.remaining.Store(int64(f.Count))
		switch f.Kind {
		case FaultServerError:
			if af.Status == 0 {
				af.Status = defaultServerErrorStatus
			}
		case FaultThrottle:
			af.retryAfter, _ = parseRetryAfter(f.RetryAfter) // validated above
		case FaultRateLimit:
			if f.Window > 0 {
				af.limiter = newWindowLimiter(time.Duration(f.Window), windowLimit(f.Rate, time.Duration(f.Window)))
				break
			}
			burst := f.Burst
			if burst == 0 {
				burst = defaultBurst
			}
			af.limiter = newLimiter(f.Rate, burst)
		}
		set.faults[i] = af
	}
	return set, nil
}

// take claims one use of f's Count budget. The compare-and-swap loop makes
// the budget exact under concurrency: with Count 2, exactly two of any
// number of parallel requests get the fault.
func (f *activeFault) take() bool {
	if f.Count == 0 {
		return true
	}
	for {
		n := f.remaining.Load()
		if n <= 0 {
			return false
		}
		if f.remaining.CompareAndSwap(n, n-1) {
			return true
		}
	}
}

// SetFaults replaces every fault, including those from the fixture and
// Options, in one atomic step: Count budgets start again and rate-limit
// buckets start full. It is safe to call while requests are being served;
// a request already past the fault check finishes under the old list.
// An invalid list is rejected whole and the current faults stay.
// SetFaults(nil) turns fault injection off.
func (e *Emulator) SetFaults(faults []Fault) error {
	set, err := newFaultSet(faults, "faults")
	if err == nil {
		err = checkFaultPages(faults, e.pageSize, "faults")
	}
	if err != nil {
		return fmt.Errorf("emulator: %w", err)
	}
	e.faults.Store(set)
	return nil
}

// FaultsInjected reports, per kind, how many responses a fault has affected
// since New: delayed, held, refused or broken. A rate_limit counts only the
// requests it refused. Kinds that never fired are absent. The tallies are
// not reset by SetFaults, so compare before and after when that matters.
// Safe for concurrent use.
func (e *Emulator) FaultsInjected() map[FaultKind]int64 {
	out := make(map[FaultKind]int64)
	for kind, n := range e.injected {
		if v := n.Load(); v > 0 {
			out[kind] = v
		}
	}
	return out
}

func newInjectedTallies() map[FaultKind]*atomic.Int64 {
	m := make(map[FaultKind]*atomic.Int64, len(faultKinds))
	for _, k := range faultKinds {
		m[k] = new(atomic.Int64)
	}
	return m
}

// withFaults runs the fault list in front of one of the reads. It sits
// behind the token check, so an unauthenticated caller gets its 401 whatever
// the faults, and in front of the read's own checks, as a gateway's
// incidents come before the service's validation.
//
// list is the read's name, which a fault's List and Page select by; the
// page is read from the continuation token only when a fault asks, as
// that checks a signature.
//
// Faults are tried in order. A latency fault delays and lets the request go
// on; a rate_limit fault lets it go on if the bucket has a token; any other
// kind that matches and has budget left decides the answer.
func (e *Emulator) withFaults(list FaultList, next http.HandlerFunc) http.HandlerFunc {
	onePage := list.pagedOnlyWithPageSize() && e.pageSize == 0
	return func(w http.ResponseWriter, r *http.Request) {
		set := e.faults.Load()
		customer := strings.ToLower(r.PathValue("customerId"))
		page, pageRead, pageOK := 0, false, false
		for _, f := range set.faults {
			if f.customer != "" && f.customer != customer {
				continue
			}
			if f.List != "" && f.List != list {
				continue
			}
			if f.User != "" && !strings.EqualFold(f.User, r.PathValue("userId")) {
				continue // a read of another user, or of no user
			}
			if f.Page != 0 {
				if !pageRead {
					page, pageOK = e.requestedPage(r, onePage)
					pageRead = true
				}
				if !pageOK || page != f.Page {
					continue
				}
			}
			switch f.Kind {
			case FaultLatency:
				if f.take() {
					e.injected[FaultLatency].Add(1)
					holdOrAbort(r, time.Duration(f.Latency))
				}
			case FaultRateLimit:
				// Authorized already, so the caller is known.
				key := bucketKey{partner: callerFrom(r).partner, customer: customer}
				if f.Scope == ScopePartner {
					key.customer = ""
				}
				wait, ok := f.limiter.take(key, e.now())
				if !ok {
					e.injected[FaultRateLimit].Add(1)
					n := retryAfterSeconds(wait)
					header := strconv.Itoa(n)
					if f.Window > 0 { // the wait is only in the message
						header = ""
					}
					writeThrottled(w, header, n)
					return
				}
			default:
				if f.take() {
					e.injected[f.Kind].Add(1)
					f.inject(w, r, next)
					return
				}
			}
		}
		next(w, r)
	}
}

// inject answers r as f's kind says. next is the normal answer, which hang
// sends late and the JSON faults damage.
func (f *activeFault) inject(w http.ResponseWriter, r *http.Request, next http.HandlerFunc) {
	switch f.Kind {
	case FaultThrottle:
		writeThrottle(w, f.retryAfter, time.Now())
	case FaultServerError:
		writeServerError(w, f.Status)
	case FaultError:
		writeErrorFault(w, f.Fault)
	case FaultReset:
		resetConnection(w)
	case FaultHang:
		holdOrAbort(r, time.Duration(f.Latency))
		next(w, r)
	case FaultMalformedJSON:
		writeMalformedJSON(w, r, next)
	case FaultTruncatedJSON:
		writeTruncated(w, r, next)
	case FaultHTML502:
		writeGatewayPage(w)
	case FaultEncoding:
		writeEncoded(w, r, next, f.Encoding)
	case FaultOversizedGzip:
		writeOversizedGzip(w, r, next)
	case FaultClaimsChallenge:
		writeClaimsChallenge(w, time.Now())
	default: // validateFault admits no other kind
		panic(fmt.Sprintf("emulator: fault kind %q has no implementation", f.Kind))
	}
}
