package main

import (
	"fmt"
	"log"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

// The fleet block of BENCHMARKS.md: make bench-fleet rewrites what lies
// between the markers, and make bench, which rewrites the rest of the file,
// copies the block across.
const (
	fleetBegin = "<!-- fleet: written by make bench-fleet, kept by make bench -->"
	fleetEnd   = "<!-- fleet: end -->"
	// pluginMessageLimit is the largest message Terraform takes from a
	// provider: the state of one data source travels in one.
	pluginMessageLimit = 256 << 20
	// Issue 17's memory targets, in MiB.
	targetFilteredRSS     = 100
	targetUnfilteredSlack = 100
)

// fleetBlock is doc's fleet block, markers included.
func fleetBlock(doc string) (string, bool) {
	begin := strings.Index(doc, fleetBegin)
	if begin < 0 {
		return "", false
	}
	end := strings.Index(doc[begin:], fleetEnd)
	if end < 0 {
		return "", false
	}
	return doc[begin : begin+end+len(fleetEnd)], true
}

// writeFleet puts the block of results into o.out: in place of the old
// block, else before the hand-written analysis, else at the end.
func writeFleet(o fleetOptions, results []fleetResult) error {
	block := fleetReport(o, results)
	old, err := os.ReadFile(o.out)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	doc := string(old)
	if previous, found := fleetBlock(doc); found {
		doc = strings.Replace(doc, previous, block, 1)
	} else if before, after, found := strings.Cut(doc, analysisMarker); found {
		doc = before + block + "\n\n" + analysisMarker + after
	} else if doc = strings.TrimRight(doc, "\n"); doc != "" {
		doc += "\n\n" + block + "\n"
	} else {
		doc = block + "\n"
	}
	if err := os.WriteFile(o.out, []byte(doc), 0o600); err != nil { //nolint:gosec // G703: the file the user named
		return err
	}
	log.Printf("wrote the fleet block of %s", o.out)
	return nil
}

func fleetReport(o fleetOptions, results []fleetResult) string {
	var b strings.Builder
	b.WriteString(fleetBegin + "\n## A fleet in one read (issue 17)\n\n")
	fmt.Fprintf(&b, "Written by `make bench-fleet` (`go run ./scripts/bench -fleet`); `make bench` keeps it. Each row is one "+
		"`terraform apply` of one `partnercenter_subscribed_skus_by_customer` without `customer_ids` (every customer) and "+
		"an output of the number of customers read, against an emulator of N customers of K SKUs of P service plans "+
		"each (what goes on the wire), %s of latency a read, `max_concurrent_requests` %d. *Arguments*: "+
		"`sku_part_numbers` of AAD_PREMIUM and WIN_ENT_E5 or no filter, and `include_service_plans`. *After* is from "+
		"the emulator's last answer to Terraform's exit: the state's encoding, transfer and Terraform's handling of it. "+
		"Terraform's CPU is its own, its providers' taken out; its peak RSS is its own high-water mark (VmHWM), "+
		"polled every %s. The provider's are the wrapper's rusage of it, or (~) for a run the bench stopped, "+
		"its CPU and high-water mark as last polled, every %s. *msgpack* is the data source's state in the plugin "+
		"protocol's encoding, in which it travels to Terraform in one message of at most 256 MiB, computed from the "+
		"state file with the provider's schema; per customer per SKU it counts the SKUs the state keeps. A run over "+
		"%s or over %.3g GiB (Terraform and its providers together) is stopped.\n\n",
		o.latency, defaultConcurrency, watchEvery, groupEvery*watchEvery, o.timeout, float64(o.rssLimit)/(1<<20))
	b.WriteString("| N | K | P | arguments | outcome | wall | after | Terraform CPU | Terraform peak RSS | provider CPU | provider peak RSS | state file | msgpack | msgpack / customer / SKU | requests |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	var errs []string
	for _, r := range results {
		outcome := "ok"
		if r.stopped != "" || r.failed {
			errs = append(errs, fmt.Sprintf("%d. `%s`: %s", len(errs)+1, r.c, strings.TrimSpace(r.stopped+" "+r.errorLines)))
			outcome = fmt.Sprintf("failed (%d)", len(errs))
			if r.stopped != "" {
				outcome = fmt.Sprintf("stopped (%d)", len(errs))
			}
		}
		perSKU := "—"
		if r.stateEncode > 0 {
			perSKU = fmt.Sprintf("%.0f B", float64(r.stateEncode)/float64(r.c.n*r.c.skusInState()))
		}
		polled := ""
		if r.providerPolled {
			polled = "~"
		}
		fmt.Fprintf(&b, "| %d | %d | %d | %s | %s | %.1f s | %.1f s | %.1f s | %s | %s%.1f s | %s%s | %s | %s | %s | %d |\n",
			r.c.n, r.c.shape.Skus, r.c.shape.PlansPerSku, r.c.arguments(), outcome, r.wall.Seconds(), r.after.Seconds(),
			float64(r.terraformCPUMs)/1000, mibOrDash(r.terraformRSSKiB*1024), polled, float64(r.providerCPUMs)/1000,
			polled, mibOrDash(r.providerRSSKiB*1024), mibOrDash(r.stateFile), mibOrDash(r.stateEncode), perSKU, r.requests)
	}
	if len(errs) > 0 {
		b.WriteString("\nFailed or stopped runs, with the first lines of Terraform's error:\n\n" + strings.Join(errs, "\n") + "\n")
	}
	writeFleetDerived(&b, results)
	fmt.Fprintf(&b, "\nMachine: %s, %d cores, %s, %s. Reproduce: `make bench-fleet`, or `go run ./scripts/bench -fleet -fleet-configs 1000x20x20,1000x20x20+plans`.\n",
		cpuModel(), runtime.NumCPU(), runtime.Version(), firstLine("terraform", "version"))
	b.WriteString(fleetEnd)
	return b.String()
}

func mibOrDash(bytes int64) string {
	if bytes <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f MiB", mib(bytes))
}

// writeFleetDerived adds state bytes per customer per SKU with and without
// plans, the customers one read of 20 or 80 SKUs fits under the plugin's
// limit, and issue 17's memory targets where their rows ran.
func writeFleetDerived(b *strings.Builder, results []fleetResult) {
	var without, with, plans []float64
	for _, r := range results {
		// A filtered read keeps two SKUs of each customer, whose
		// per-customer entries then weigh on each SKU: only the
		// unfiltered ones size a read.
		if r.stateEncode <= 0 || r.c.parts {
			continue
		}
		per := float64(r.stateEncode) / float64(r.c.n*r.c.skusInState())
		if r.c.plans {
			with = append(with, per)
			plans = append(plans, float64(r.c.shape.PlansPerSku))
		} else {
			without = append(without, per)
		}
	}
	if len(without) > 0 {
		w := median(without)
		fmt.Fprintf(b, "\nState per customer per SKU (median of the unfiltered rows): **%.0f B** without plans", w)
		if len(with) > 0 {
			p := median(plans)
			fmt.Fprintf(b, ", **%.0f B** with %.0f plans (%.0f B a plan)", median(with), p, (median(with)-w)/max(p, 1))
		}
		b.WriteString(". One read fits the plugin's 256 MiB message up to about ")
		var fits []string
		for _, k := range []int{20, 80} {
			fits = append(fits, fmt.Sprintf("%d customers of %d SKUs", int(pluginMessageLimit/(w*float64(k))), k))
			if len(with) > 0 {
				fits = append(fits, fmt.Sprintf("%d of %d SKUs with their plans", int(pluginMessageLimit/(median(with)*float64(k))), k))
			}
		}
		b.WriteString(strings.Join(fits, ", ") + ".\n")
	}
	for _, r := range results {
		if r.c.n != 10000 || r.c.shape != targetShape || r.c.plans {
			continue
		}
		name, rss := "B", mib(r.providerRSSKiB*1024)
		target := fmt.Sprintf("≤ 1.5 × msgpack + %d MiB", targetUnfilteredSlack)
		met := r.stateEncode > 0 && rss <= 1.5*mib(r.stateEncode)+targetUnfilteredSlack
		if r.c.parts {
			name, target, met = "A", fmt.Sprintf("under %d MiB", targetFilteredRSS), rss < targetFilteredRSS
		}
		verdict := "met"
		switch {
		case !r.c.parts && r.stopped == "" && stoppedAtTheLimit(r.errorLines) > 0:
			// The fleet's state is past max_read_size_mib: the read stops
			// there, as designed, and is held to the state it had then.
			at := stoppedAtTheLimit(r.errorLines)
			verdict = fmt.Sprintf("the read stopped at the size limit, as designed, with %.1f MiB of state: ≤ 1.5 × %.1f + %d = %.1f MiB, ",
				at, at, targetUnfilteredSlack, 1.5*at+targetUnfilteredSlack)
			if rss <= 1.5*at+targetUnfilteredSlack {
				verdict += "met"
			} else {
				verdict += "missed"
			}
		case r.failed || r.stopped != "":
			verdict = "missed: the apply did not succeed"
		case !met:
			verdict = "missed"
		}
		fmt.Fprintf(b, "\nTarget %s (`%s`): provider peak RSS %s, target %s: **%s**.\n", name, r.c, mibOrDash(r.providerRSSKiB*1024), target, verdict)
	}
}

// targetShape is the fleet of issue 17's memory targets.
var targetShape = emulator.SkuShape{Skus: 80, PlansPerSku: 20}

// stateAtTheLimit finds the state's size in a "Read Too Large" error of a
// bulk read that stopped at max_read_size_mib; 0 when the error is another.
var stateAtTheLimit = regexp.MustCompile(`Read Too Large.*?state was already ([0-9.]+) MiB`)

// stoppedAtTheLimit is the MiB of state a read had when it stopped at the
// size limit, or 0.
func stoppedAtTheLimit(errorLines string) float64 {
	m := stateAtTheLimit.FindStringSubmatch(errorLines)
	if m == nil {
		return 0
	}
	at, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0
	}
	return at
}
