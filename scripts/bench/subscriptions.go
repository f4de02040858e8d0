package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

// The benchmark of issue 20: every customer's subscriptions in one
// partnercenter_subscriptions_by_customer, under the limit Microsoft
// documents for the Subscription resource, 500 requests per minute per
// tenant, as the emulator's fixed-window rate_limit fault on the
// subscriptions list (docs/development/partner-center-api.md, "Errors and
// throttling"). It reports the plan's wall time against the limit's floor
// and the provider's peak RSS. make bench-subscriptions runs it (go run
// ./scripts/bench -subscriptions N) and writes its section of
// BENCHMARKS.md between subscriptionsBegin and subscriptionsEnd, which
// make bench and make bench-users keep.

const (
	subscriptionsBegin = "<!-- subscriptions: written by make bench-subscriptions, kept by make bench -->"
	subscriptionsEnd   = "<!-- subscriptions: end -->"
	// subscriptionsPerMinute is the documented limit.
	subscriptionsPerMinute = 500
)

var subscriptionsPerCustomer = flag.Int("subscriptions-per-customer", 10, "with -subscriptions, the generated subscriptions of each customer")

// subscriptionsMeasurement is the one plan of the subscriptions benchmark.
type subscriptionsMeasurement struct {
	measurement
	subscriptions int
}

// runSubscriptions reads n customers' subscriptions in one plan under the
// documented limit and writes its section into o.out.
func runSubscriptions(o options, n int) error {
	r, cleanup, err := newRig(o, 1)
	if err != nil {
		return err
	}
	defer cleanup()
	customers := emulator.GeneratedCustomers(n)
	for i := range customers {
		customers[i].GeneratedSubscriptions = *subscriptionsPerCustomer
	}
	// The limit counts the subscriptions reads alone: the customers list
	// is the Customer resource, whose limit is its own.
	limit := emulator.Fault{Kind: emulator.FaultRateLimit, Rate: subscriptionsPerMinute / 60.0,
		Window: emulator.Duration(time.Minute), Scope: emulator.ScopePartner, List: emulator.ListSubscriptions}
	if err := r.use(&emulator.Fixture{Customers: customers}, limit); err != nil {
		return err
	}
	m, err := r.subscriptionsPlan(n, o.parallelism)
	if err != nil {
		return err
	}
	m.refused = r.em.FaultsInjected()[emulator.FaultRateLimit]
	logf("subscriptions N=%d wall %6.2fs in requests %6.2fs cpu %6dms terraform cpu %6dms rss %6.1fMiB requests %d 429s %d",
		n, m.wall.Seconds(), m.lastAnswer.Sub(m.firstRequest).Seconds(), m.cpuMs, m.terraformCPUMs,
		float64(m.rssKiB)/1024, m.requests, m.refused)
	old, err := os.ReadFile(o.out)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	section := subscriptionsSection(o, n, m)
	if err := os.WriteFile(o.out, []byte(withSection(string(old), section, subscriptionsBegin, subscriptionsEnd)), 0o600); err != nil { //nolint:gosec // G703: the file -out names
		return err
	}
	log.Printf("wrote the subscriptions section of %s", o.out)
	return nil
}

// subscriptionsConfig reads every customer's subscriptions and counts
// them into the output the harness checks.
const subscriptionsConfig = `terraform {
  required_providers {
    partnercenter = { source = "partnercenter-terraform/partnercenter" }
  }
}

data "partnercenter_subscriptions_by_customer" "all" {}

output "subscriptions" {
  value = sum(concat([0], [for c in values(data.partnercenter_subscriptions_by_customer.all.customers) : length(c.subscriptions)]))
}
`

func (r *rig) subscriptionsPlan(n, parallelism int) (subscriptionsMeasurement, error) {
	m, out, err := r.planOnce(fmt.Sprintf("subscriptions-%d", n), subscriptionsConfig, parallelism)
	sm := subscriptionsMeasurement{measurement: m, subscriptions: n * *subscriptionsPerCustomer}
	if err != nil {
		return sm, fmt.Errorf("subscriptions N=%d: %w", n, err)
	}
	if want := fmt.Sprintf("subscriptions = %d", sm.subscriptions); !strings.Contains(out, want) {
		return sm, fmt.Errorf("subscriptions N=%d: the plan does not show %q:\n%s", n, want, tail(out))
	}
	return sm, nil
}

// subscriptionsSection is the benchmark's section of BENCHMARKS.md, with
// its markers.
func subscriptionsSection(o options, n int, m subscriptionsMeasurement) string {
	floor := time.Duration(float64(n) / subscriptionsPerMinute * float64(time.Minute))
	// The emulator's windows start on the minute, so the first one is
	// only what is left of the minute of the first request, and the last
	// window opens (windows - 1) minutes after the first one's start.
	windows := (n + subscriptionsPerMinute - 1) / subscriptionsPerMinute
	aligned := time.Duration(windows-1)*time.Minute - m.firstRequest.Sub(m.firstRequest.Truncate(time.Minute))
	inRequests := m.lastAnswer.Sub(m.firstRequest)
	var b strings.Builder
	b.WriteString(subscriptionsBegin + "\n\n## Every customer's subscriptions (issue 20)\n\n")
	fmt.Fprintf(&b, "One `partnercenter_subscriptions_by_customer` without `customer_ids` over N=%d customers of %d "+
		"subscriptions each (the emulator's `-subscriptions-per-customer`), in one `terraform plan`, at %s latency on every "+
		"request and `max_concurrent_requests` %d, under the limit Microsoft documents for the Subscription resource, 500 "+
		"requests per minute per tenant: the emulator's `rate_limit` fault with `rate=%.2f,window=60s,scope=partner,list=subscriptions`, "+
		"fixed windows of a minute, each admitting 500 requests and refusing the rest with a 429 whose wait is only in the "+
		"message. Generated by `make bench-subscriptions` (`go run ./scripts/bench -subscriptions %d`); `make bench` keeps it.\n\n",
		n, *subscriptionsPerCustomer, o.latency, defaultConcurrency, subscriptionsPerMinute/60.0, n)
	b.WriteString("| wall | in requests | floor N/500 min | wall / floor | floor of minute-aligned windows | in requests / that floor | provider peak RSS | provider CPU | Terraform CPU (without providers) | requests | 429s |\n|---|---|---|---|---|---|---|---|---|---|---|\n")
	fmt.Fprintf(&b, "| %.1f s | %.1f s | %.0f s | **%.2f ×** | %.1f s | **%.3f ×** | **%.1f MiB** | %d ms | %d ms | %d | %d |\n",
		m.wall.Seconds(), inRequests.Seconds(), floor.Seconds(), m.wall.Seconds()/floor.Seconds(), aligned.Seconds(),
		inRequests.Seconds()/aligned.Seconds(), float64(m.rssKiB)/1024, m.cpuMs, m.terraformCPUMs, m.requests, m.refused)
	fmt.Fprintf(&b, "\n- %d subscriptions read, %d a customer; requests include the customers list's pages and every refused one.\n",
		m.subscriptions, *subscriptionsPerCustomer)
	fmt.Fprintf(&b, "- The emulator's windows start on the minute, so the first is what is left of the minute of the first request "+
		"and the last of the %d windows opens %d minutes after the first one's start: the read cannot end sooner than that, "+
		"which is why the wall can be under N/500 minutes. Partner Center does not say where its windows start.\n", windows, windows-1)
	b.WriteString("\n" + subscriptionsEnd + "\n")
	return b.String()
}
