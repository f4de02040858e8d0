package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

func TestParseFleetConfigs(t *testing.T) {
	got, err := parseFleetConfigs(defaultFleetConfigs)
	if err != nil {
		t.Fatal(err)
	}
	var specs []string
	for _, c := range got {
		specs = append(specs, c.String())
	}
	if strings.Join(specs, ",") != defaultFleetConfigs {
		t.Errorf("round trip: %s, want %s", strings.Join(specs, ","), defaultFleetConfigs)
	}
	if c := got[len(got)-2]; c.n != 10000 || c.shape != (emulator.SkuShape{Skus: 80, PlansPerSku: 20}) || !c.parts || c.plans {
		t.Errorf("10000x80x20+parts parsed as %+v", c)
	}
	for _, bad := range []string{"1000x20", "0x20x0", "1000x1x0", "1000x20x0+filter", "1000x20x-1"} {
		if _, err := parseFleetConfigs(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

// The fleet block survives make bench's rewrite, and make bench-fleet
// changes nothing outside it.
func TestFleetBlockKeptByBothCommands(t *testing.T) {
	out := filepath.Join(t.TempDir(), "BENCHMARKS.md")
	analysis := "\n" + analysisMarker + "\n## Hand-written\n"
	if err := os.WriteFile(out, []byte("# Benchmarks\n\nold table\n"+analysis), 0o600); err != nil {
		t.Fatal(err)
	}
	o := fleetOptions{out: out}
	results := []fleetResult{{c: fleetConfig{n: 10, shape: emulator.SkuShape{Skus: 20, PlansPerSku: 2}}, stateEncode: 10 * 20 * 300}}
	if err := writeFleet(o, results); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(out) //nolint:gosec // G304: the test's own file
	block, found := fleetBlock(string(data))
	if !found || !strings.Contains(block, "| 10 | 20 | 2 |") || !strings.HasSuffix(string(data), block+"\n\n"+analysisMarker+"\n## Hand-written\n") {
		t.Fatalf("after make bench-fleet:\n%s", data)
	}
	if err := writeFleet(o, results); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(out); string(again) != string(data) { //nolint:gosec // G304: the test's own file
		t.Errorf("a second run changed the file:\n%s", again)
	}

	if err := writeReport(options{out: out}, nil, nil, nil, ""); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(out) //nolint:gosec // G304: the test's own file
	if kept, _ := fleetBlock(string(data)); kept != block || strings.Contains(string(data), "old table") ||
		!strings.HasSuffix(string(data), analysisMarker+"\n## Hand-written\n") {
		t.Errorf("after make bench:\n%s", data)
	}
}

// A read stopped at the size limit is told by its error, with the state it
// had; Terraform's lines that only place the error are left out.
func TestStoppedAtTheLimitIsReadFromTheError(t *testing.T) {
	out := "╷\n│ Error: Read Too Large\n│ \n│   with data.partnercenter_subscribed_skus_by_customer.all,\n│   on main.tf line 7, in data \"partnercenter_subscribed_skus_by_customer\" \"all\":\n│    7: data \"partnercenter_subscribed_skus_by_customer\" \"all\" {\n│ \n│ The read stopped after 7671 of 10000 customers: their state was already\n│ 192.0 MiB, over the limit of 192.0 MiB (the provider's max_read_size_mib).\n"
	lines := firstErrorLines(out)
	if want := "Error: Read Too Large The read stopped after 7671 of 10000 customers: their state was already 192.0 MiB, over the limit of 192.0 MiB (the provider's max_read_size_mib)."; lines != want {
		t.Errorf("firstErrorLines = %q, want %q", lines, want)
	}
	if got := stoppedAtTheLimit(lines); got != 192.0 {
		t.Errorf("stoppedAtTheLimit = %v, want 192", got)
	}
	if got := stoppedAtTheLimit("Error: Plugin error rpc error: code = ResourceExhausted"); got != 0 {
		t.Errorf("another error read as a stop at the limit: %v", got)
	}
}
