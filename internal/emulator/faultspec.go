package emulator

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// faultSpecKeys are the keys of ParseFault's syntax, in usage-text order.
var faultSpecKeys = []string{"kind", "customer", "list", "page", "count", "latency", "status", "code", "description", "retry-after", "rate", "burst", "scope", "window", "encoding", "user"}

// ParseFault reads the command-line form of a Fault: comma-separated
// key=value pairs such as
//
//	kind=throttle,count=2,retry-after=1
//	kind=latency,latency=200ms,customer=0c39d6d5-c70d-4c55-bc02-f620844f3fd1
//	kind=server_error,status=500
//	kind=rate_limit,rate=10,burst=5
//	kind=rate_limit,rate=50,burst=50,scope=partner
//	kind=rate_limit,rate=20,window=10s,scope=partner
//	kind=error,status=403,code=900150,description=Access denied.
//	kind=throttle,retry-after=message:57
//	kind=error,status=404,description=Resource not found,list=users,page=2
//	kind=encoding,encoding=br
//	kind=error,status=403,code=900150,description=Access denied.,user=adele.vance@contoso.onmicrosoft.com
//
// The keys are kind, customer, list, page, count, latency, status, code, description,
// retry-after, rate, burst, scope, window, encoding and user, each meaning the Fault field of that
// name. A description cannot hold a comma here; a fixture's can. The result is validated
// as SetFaults would, so a flag fails when it is parsed, naming the bad key
// or value, rather than when the emulator starts.
func ParseFault(spec string) (Fault, error) {
	f, err := parseFaultSpec(spec)
	if err == nil {
		err = validateFault(f)
	}
	if err != nil {
		return Fault{}, fmt.Errorf("fault %q: %w", spec, err)
	}
	return f, nil
}

func parseFaultSpec(spec string) (Fault, error) {
	var f Fault
	if strings.TrimSpace(spec) == "" {
		return f, fmt.Errorf("empty fault; want key=value pairs such as kind=throttle,count=2 (%s)", validKindsText())
	}
	seen := make(map[string]bool, len(faultSpecKeys))
	for item := range strings.SplitSeq(spec, ",") {
		key, value, ok := strings.Cut(item, "=")
		key, value = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(value)
		switch {
		case !ok || key == "":
			return f, fmt.Errorf("%q is not a key=value pair (keys: %s)", strings.TrimSpace(item), strings.Join(faultSpecKeys, ", "))
		case value == "":
			return f, fmt.Errorf("key %s has no value", key)
		case seen[key]:
			return f, fmt.Errorf("key %s is given twice", key)
		}
		seen[key] = true
		if err := setFaultKey(&f, key, value); err != nil {
			return f, err
		}
	}
	if f.Kind == "" {
		return f, fmt.Errorf("key kind is required (%s)", validKindsText())
	}
	return f, nil
}

// setFaultKey sets one field. Range checks are left to validateFault so the
// flag and JSON forms cannot disagree; only syntax is checked here.
func setFaultKey(f *Fault, key, value string) error {
	var err error
	switch key {
	case "kind":
		f.Kind = FaultKind(value)
	case "customer":
		f.Customer = value
	case "list":
		f.List = FaultList(value)
	case "user":
		f.User = value
	case "page":
		f.Page, err = strconv.Atoi(value)
		if err != nil {
			return fmt.Errorf("page %q is not a whole number such as 2", value)
		}
		if f.Page == 0 {
			// Page 0 is Fault's "every page", which a flag says by leaving
			// page out; written here it is more likely a page counted from 0.
			return errors.New("page 0 must be 1 or more: pages count from 1, the first page (leave page out for every page)")
		}
	case "count":
		f.Count, err = strconv.Atoi(value)
		if err != nil {
			return fmt.Errorf("count %q is not a whole number", value)
		}
	case "latency":
		var d time.Duration
		d, err = time.ParseDuration(value)
		if err != nil {
			return fmt.Errorf("latency %q is not a duration such as 200ms or 2s", value)
		}
		f.Latency = Duration(d)
	case "status":
		f.Status, err = strconv.Atoi(value)
		if err != nil {
			return fmt.Errorf("status %q is not a number such as 503", value)
		}
	case "code":
		f.Code = value
	case "description":
		f.Description = value
	case "retry-after":
		if _, err := parseRetryAfter(value); err != nil {
			return fmt.Errorf(`retry-after %q: want a whole number of seconds such as 1, date:N for an HTTP-date N seconds ahead, or message:N for no header`, value)
		}
		f.RetryAfter = value
	case "rate":
		f.Rate, err = strconv.ParseFloat(value, 64)
		if err != nil {
			return fmt.Errorf("rate %q is not a number of tokens per second such as 10 or 0.5", value)
		}
	case "burst":
		f.Burst, err = strconv.Atoi(value)
		if err != nil {
			return fmt.Errorf("burst %q is not a whole number", value)
		}
	case "scope":
		f.Scope = RateLimitScope(value)
	case "window":
		d, err := time.ParseDuration(value)
		if err != nil {
			return fmt.Errorf("window %q is not a duration such as 10s or 1m", value)
		}
		f.Window = Duration(d)
	case "encoding":
		f.Encoding = BodyEncoding(value)
	default:
		return errors.New("unknown key " + strconv.Quote(key) + " (keys: " + strings.Join(faultSpecKeys, ", ") + ")")
	}
	return nil
}
