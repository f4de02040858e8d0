package main

import (
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"strings"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

// The benchmark of issue 19: every user of one customer, read by one
// partnercenter_user_licenses_by_user (bulk) and by one
// partnercenter_user_licenses per user under for_each over
// partnercenter_customer_users (single), as a new user would write it; and
// one bulk read of many more users for the provider's peak RSS. make
// bench-users runs it (go run ./scripts/bench -users N) and writes its
// section of BENCHMARKS.md between usersBegin and usersEnd, after the
// analysis that make bench keeps, so each target keeps the other's figures.

const (
	usersBegin = "<!-- users: written by make bench-users, kept by make bench -->"
	usersEnd   = "<!-- users: end -->"
	// usersPerPage is the users list's largest page, which the provider
	// asks for.
	usersPerPage = 500
)

var usersRSSN = flag.Int("users-rss", 10000, "with -users, the users of the one bulk plan that reports the provider's peak RSS; 0 skips it")

// usersMeasurement is one terraform plan of the users benchmark.
type usersMeasurement struct {
	measurement
	// licences is the count the plan's output shows, checked against the
	// emulator's generated users.
	licences int
}

// runUsers runs the users benchmark over n users and writes its section
// into o.out.
func runUsers(o options, n int) error {
	r, cleanup, err := newRig(o, 1)
	if err != nil {
		return err
	}
	defer cleanup()
	if err := r.use(usersFixture(n)); err != nil {
		return err
	}
	runs := map[string][]usersMeasurement{}
	for i := range o.runs {
		order := []string{"bulk", "single"}
		if i%2 == 1 {
			order = []string{"single", "bulk"}
		}
		for _, kind := range order {
			m, err := r.usersPlan(kind, n, o.parallelism)
			if err != nil {
				return err
			}
			logf("users N=%d run %d %-6s wall %6.2fs in requests %6.2fs cpu %6dms terraform cpu %6dms rss %6.1fMiB requests %d",
				n, i+1, kind, m.wall.Seconds(), m.lastAnswer.Sub(m.firstRequest).Seconds(), m.cpuMs, m.terraformCPUMs,
				float64(m.rssKiB)/1024, m.requests)
			runs[kind] = append(runs[kind], m)
		}
	}
	var large *usersMeasurement
	if *usersRSSN > 0 {
		if err := r.use(usersFixture(*usersRSSN)); err != nil {
			return err
		}
		m, err := r.usersPlan("bulk", *usersRSSN, o.parallelism)
		if err != nil {
			return err
		}
		logf("users N=%d bulk wall %6.2fs rss %6.1fMiB", *usersRSSN, m.wall.Seconds(), float64(m.rssKiB)/1024)
		large = &m
	}
	section := usersSection(o, n, runs, large)
	old, err := os.ReadFile(o.out)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	if err := os.WriteFile(o.out, []byte(withSection(string(old), section, usersBegin, usersEnd)), 0o600); err != nil { //nolint:gosec // G703: the file -out names
		return err
	}
	log.Printf("wrote the users section of %s", o.out)
	return nil
}

// usersCustomer is the one customer of the users benchmark.
var usersCustomer = emulator.GeneratedCustomerID(0)

// usersFixture is one customer of n generated users.
func usersFixture(n int) *emulator.Fixture {
	customers := emulator.GeneratedCustomers(1)
	customers[0].GeneratedUsers = n
	return &emulator.Fixture{Customers: customers}
}

// generatedLicences is how many licences n generated users hold: user k
// holds one, one, then two in turn.
func generatedLicences(n int) int { return n + n/3 }

// usersConfig reads every user's licences, in one data source or one per
// user, and counts them into the output the harness checks.
func usersConfig(kind string) string {
	head := `terraform {
  required_providers {
    partnercenter = { source = "partnercenter-terraform/partnercenter" }
  }
}
`
	if kind == "bulk" {
		return head + `
data "partnercenter_user_licenses_by_user" "all" {
  customer_id = "` + usersCustomer + `"
}

output "licences" {
  value = length(flatten(values(data.partnercenter_user_licenses_by_user.all.sku_part_numbers)))
}
`
	}
	return head + `
data "partnercenter_customer_users" "all" {
  customer_id = "` + usersCustomer + `"
}

data "partnercenter_user_licenses" "u" {
  for_each    = toset(data.partnercenter_customer_users.all.user_ids)
  customer_id = "` + usersCustomer + `"
  user_id     = each.value
}

output "licences" {
  value = length(flatten([for d in data.partnercenter_user_licenses.u : d.sku_part_numbers]))
}
`
}

// usersPlan runs one terraform plan of kind over the emulator's n users,
// with the provider's resource use from the wrapper and the window of its
// requests at the emulator.
func (r *rig) usersPlan(kind string, n, parallelism int) (usersMeasurement, error) {
	m, out, err := r.planOnce(fmt.Sprintf("users-%s-%d", kind, n), usersConfig(kind), parallelism)
	um := usersMeasurement{measurement: m, licences: generatedLicences(n)}
	if err != nil {
		return um, fmt.Errorf("users %s N=%d: %w", kind, n, err)
	}
	if want := fmt.Sprintf("licences = %d", um.licences); !strings.Contains(out, want) {
		return um, fmt.Errorf("users %s N=%d: the plan does not show %q:\n%s", kind, n, want, tail(out))
	}
	return um, nil
}

// usersSection is the users benchmark's section of BENCHMARKS.md, with its
// markers.
func usersSection(o options, n int, runs map[string][]usersMeasurement, large *usersMeasurement) string {
	pages := int(math.Ceil(float64(n) / usersPerPage))
	floor := float64(n)*o.latency.Seconds()/defaultConcurrency + float64(pages)*o.latency.Seconds()
	medianOf := func(kind string, f func(usersMeasurement) float64) float64 {
		var values []float64
		for _, m := range runs[kind] {
			values = append(values, f(m))
		}
		return median(values)
	}
	var b strings.Builder
	b.WriteString(usersBegin + "\n\n## Every user of a customer (issue 19)\n\n")
	fmt.Fprintf(&b, "Every user's licences of one customer of N=%d users (the emulator's `-users-per-customer`: %d licences "+
		"in all), at %s latency on every request, `max_concurrent_requests` %d, `terraform plan -parallelism=%d`, %d "+
		"alternating runs each, written as one `partnercenter_user_licenses_by_user` without `user_ids` (bulk), and as a "+
		"new user would: `partnercenter_customer_users`, then one `partnercenter_user_licenses` per user under `for_each` "+
		"over its `user_ids` (single). Both read the users list (%d pages, %d users a page) and each user once. Generated by `make "+
		"bench-users` (`go run ./scripts/bench -users %d`); `make bench` keeps it.\n\n",
		n, generatedLicences(n), o.latency, defaultConcurrency, o.parallelism, len(runs["bulk"]), pages, usersPerPage, n)
	b.WriteString("| written as | wall (median) | in requests (median) | provider CPU | Terraform CPU (without providers) | provider peak RSS | requests |\n|---|---|---|---|---|---|---|\n")
	for _, kind := range []string{"bulk", "single"} {
		name := map[string]string{"bulk": "one bulk data source", "single": "N data sources under `for_each`"}[kind]
		last := runs[kind][len(runs[kind])-1]
		fmt.Fprintf(&b, "| %s | %.2f s | %.2f s | %.0f ms | %.0f ms | %.1f MiB | %d |\n", name,
			medianOf(kind, func(m usersMeasurement) float64 { return m.wall.Seconds() }),
			medianOf(kind, func(m usersMeasurement) float64 { return m.lastAnswer.Sub(m.firstRequest).Seconds() }),
			medianOf(kind, func(m usersMeasurement) float64 { return float64(m.cpuMs) }),
			medianOf(kind, func(m usersMeasurement) float64 { return float64(m.terraformCPUMs) }),
			medianOf(kind, func(m usersMeasurement) float64 { return float64(m.rssKiB) / 1024 }), last.requests)
	}
	var ratios, own []float64
	for i, m := range runs["bulk"] {
		if i < len(runs["single"]) {
			ratios = append(ratios, m.wall.Seconds()/runs["single"][i].wall.Seconds())
		}
		own = append(own, m.lastAnswer.Sub(m.firstRequest).Seconds())
	}
	ratio, ownTime := median(ratios), median(own)
	fmt.Fprintf(&b, "\n- Bulk wall / single wall, median of the paired runs: **%.3f** (runs: %s). Target ≤ 0.2: %s.\n",
		ratio, formatFloats(ratios, "%.3f"), metOrMissed(ratio <= 0.2))
	fmt.Fprintf(&b, "- The bulk read's own time, from the first request the emulator received to its last answer: **%.2f s** "+
		"(runs: %s s), against the floor N·L/C + pages·L = %d × %s / %d + %d × %s = %.2f s: **%.2f ×**. Target ≤ 1.5 ×: %s.\n",
		ownTime, formatFloats(own, "%.2f"), n, o.latency, defaultConcurrency, pages, o.latency, floor, ownTime/floor,
		metOrMissed(ownTime <= 1.5*floor))
	if large != nil {
		fmt.Fprintf(&b, "- One bulk plan of %d users: provider peak RSS **%.1f MiB**, wall %.2f s, provider CPU %d ms, Terraform CPU %d ms, %d requests.\n",
			*usersRSSN, float64(large.rssKiB)/1024, large.wall.Seconds(), large.cpuMs, large.terraformCPUMs, large.requests)
	}
	b.WriteString("\n" + usersEnd + "\n")
	return b.String()
}

func metOrMissed(met bool) string {
	if met {
		return "met"
	}
	return "**missed**"
}
