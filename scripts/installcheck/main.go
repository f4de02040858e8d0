// Command installcheck proves that a release installs the way a user
// installs it: from dist/ (a goreleaser snapshot), it lays the host
// platform's zip out as a filesystem mirror and runs the real `terraform
// init` (or OpenTofu's) with a CLI configuration that has no dev_overrides,
// then a plan against the emulator. It checks, failing on the first miss:
//
//  1. the SHA256SUMS file verifies the zip and the registry manifest;
//  2. the manifest declares protocol 6.0, the protocol the provider serves;
//  3. init installs the package and .terraform.lock.hcl records its hash;
//  4. the plan reads the seed figures from the emulator;
//  5. the provider reports the release's version, in the User-Agent the
//     emulator sees and in `terraform version`'s provider list;
//  6. a package whose binary was altered after the lock file was written
//     makes init fail.
//
// -break damages the release first, so that a run can show the check
// failing for each: binary (the zip's binary altered after the release
// was cut: SHA256SUMS no longer verifies it), manifest (protocol 5.0) or
// binary-name (the binary renamed inside the zip: init finds no provider).
package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/dirhash"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

const (
	name        = "terraform-provider-partnercenter"
	namespace   = "partnercenter-terraform"
	providerTyp = "partnercenter"
	seedID      = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1"
	token       = "install-check-token"
	runTimeout  = 3 * time.Minute
)

func main() {
	dist := flag.String("dist", "dist", "goreleaser's output directory")
	cli := flag.String("terraform", "terraform", "the terraform (or tofu) binary to install with")
	host := flag.String("registry", "registry.terraform.io", "the registry host the CLI resolves the provider's source to (registry.opentofu.org for OpenTofu)")
	mirrorOnly := flag.String("mirror", "", "only lay the mirror out in this directory and print the CLI configuration that uses it")
	damage := flag.String("break", "", "damage the release before checking: binary, manifest or binary-name (the check must then fail)")
	flag.Parse()
	if err := run(*dist, *cli, *host, *mirrorOnly, *damage); err != nil {
		log.Fatalf("install check FAILED: %v", err)
	}
}

// release is the host platform's package of a snapshot.
type release struct {
	version, zip, sums, manifest string
}

func run(dist, cli, host, mirrorOnly, damage string) error {
	rel, err := findRelease(dist)
	if err != nil {
		return err
	}
	log.Printf("release %s: %s", rel.version, filepath.Base(rel.zip))
	work, err := os.MkdirTemp("", "installcheck-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(work) }()
	if damage != "" {
		if rel, err = damaged(rel, damage, work); err != nil {
			return err
		}
		log.Printf("damaged the release: %s", damage)
	}
	if err := verifySums(rel); err != nil {
		return err
	}
	if err := checkManifest(rel.manifest); err != nil {
		return err
	}
	if mirrorOnly != "" {
		if err := layMirror(rel, mirrorOnly, host); err != nil {
			return err
		}
		fmt.Print(cliConfig(mirrorOnly, host, true))
		return nil
	}

	mirror := filepath.Join(work, "mirror")
	if err := layMirror(rel, mirror, host); err != nil {
		return err
	}
	em, err := acctest.Serve(emulator.Options{AccessToken: token}, nil)
	if err != nil {
		return err
	}
	defer em.Close()
	ws := workspace{dir: filepath.Join(work, "config"), cli: cli, env: []string{
		"TF_CLI_CONFIG_FILE=" + filepath.Join(work, "terraformrc"), "PARTNERCENTER_ENDPOINT=" + em.URL,
		"PARTNERCENTER_ACCESS_TOKEN=" + token,
	}}
	if err := os.WriteFile(filepath.Join(work, "terraformrc"), []byte(cliConfig(mirror, host, false)), 0o600); err != nil {
		return err
	}
	if err := os.MkdirAll(ws.dir, 0o700); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(ws.dir, "main.tf"), []byte(configFor(rel.version)), 0o600); err != nil {
		return err
	}

	if _, err := ws.run("init", "-input=false", "-no-color"); err != nil {
		return err
	}
	if err := checkLockFile(filepath.Join(ws.dir, ".terraform.lock.hcl"), rel.zip, host); err != nil {
		return err
	}
	if _, err := ws.run("plan", "-input=false", "-no-color", "-out=plan.bin"); err != nil {
		return err
	}
	if err := checkPlan(ws); err != nil {
		return err
	}
	if err := checkVersion(ws, em, rel.version, host); err != nil {
		return err
	}
	log.Printf("installed, read the seed figures and reported version %s", rel.version)

	// A fresh working directory with the lock file kept, as a colleague's
	// clone or a CI job has, installs from the mirror again.
	if err := os.RemoveAll(filepath.Join(ws.dir, ".terraform")); err != nil {
		return err
	}
	if err := alterBinary(rel.zip, mirrorZip(mirror, host, rel)); err != nil {
		return err
	}
	out, err := ws.run("init", "-input=false", "-no-color")
	if err == nil {
		return fmt.Errorf("init accepted a package whose binary changed after the lock file was written:\n%s", out)
	}
	if !strings.Contains(out, "checksum") && !strings.Contains(out, "doesn't match") {
		return fmt.Errorf("init refused the altered package, but not for its checksum:\n%s", out)
	}
	log.Printf("init refused a package altered after the lock file was written")
	return nil
}

// findRelease finds the snapshot's version and the host platform's files.
func findRelease(dist string) (release, error) {
	sums, err := filepath.Glob(filepath.Join(dist, name+"_*_SHA256SUMS"))
	if err != nil || len(sums) != 1 {
		return release{}, fmt.Errorf("want one %s_<version>_SHA256SUMS in %s, found %v: run make release-snapshot first", name, dist, sums)
	}
	version := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(sums[0]), name+"_"), "_SHA256SUMS")
	rel := release{version: version, sums: sums[0],
		zip:      filepath.Join(dist, fmt.Sprintf("%s_%s_%s_%s.zip", name, version, runtime.GOOS, runtime.GOARCH)),
		manifest: filepath.Join(dist, fmt.Sprintf("%s_%s_manifest.json", name, version))}
	for _, f := range []string{rel.zip, rel.manifest} {
		if _, err := os.Stat(f); err != nil {
			return release{}, fmt.Errorf("the release lacks %s: %w", filepath.Base(f), err)
		}
	}
	return rel, nil
}

// verifySums checks that SHA256SUMS lists the zip and the manifest, each
// with its hash, as the registry and `shasum -c` would.
func verifySums(rel release) error {
	listed := map[string]string{}
	f, err := os.Open(rel.sums)
	if err != nil {
		return err
	}
	defer func() { _ = f.Close() }()
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		if sum, file, ok := strings.Cut(scanner.Text(), "  "); ok {
			listed[file] = sum
		}
	}
	for _, file := range []string{rel.zip, rel.manifest} {
		sum, err := sha256File(file)
		if err != nil {
			return err
		}
		if want, ok := listed[filepath.Base(file)]; !ok || want != sum {
			return fmt.Errorf("SHA256SUMS does not verify %s (listed %q, computed %s)", filepath.Base(file), want, sum)
		}
	}
	return nil
}

// checkManifest checks the registry manifest: version 1, protocol 6.0,
// which is what main.go serves (tf6server).
func checkManifest(path string) error {
	data, err := os.ReadFile(path) //nolint:gosec // G304: the release's own file
	if err != nil {
		return err
	}
	var m struct {
		Version  int `json:"version"`
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return fmt.Errorf("the manifest is not JSON: %w", err)
	}
	if m.Version != 1 || len(m.Metadata.ProtocolVersions) != 1 || m.Metadata.ProtocolVersions[0] != "6.0" {
		return fmt.Errorf("the manifest declares version %d and protocols %v; the provider serves protocol 6.0", m.Version, m.Metadata.ProtocolVersions)
	}
	return nil
}

// layMirror lays the zip out as Terraform's packed filesystem mirror:
// HOST/NAMESPACE/TYPE/terraform-provider-TYPE_VERSION_OS_ARCH.zip.
func layMirror(rel release, mirror, host string) error {
	dest := mirrorZip(mirror, host, rel)
	if err := os.MkdirAll(filepath.Dir(dest), 0o700); err != nil {
		return err
	}
	data, err := os.ReadFile(rel.zip)
	if err != nil {
		return err
	}
	return os.WriteFile(dest, data, 0o600) //nolint:gosec // G703: the check's own mirror, under the directory it was given
}

func mirrorZip(mirror, host string, rel release) string {
	return filepath.Join(mirror, host, namespace, providerTyp, filepath.Base(rel.zip))
}

// cliConfig installs the provider from the mirror: no dev_overrides. The
// check reaches no network; for a person trying a build, direct lets every
// other provider come from its registry as usual.
func cliConfig(mirror, host string, direct bool) string {
	source := fmt.Sprintf("%s/%s/%s", host, namespace, providerTyp)
	others := ""
	if direct {
		others = fmt.Sprintf("  direct {\n    exclude = [%q]\n  }\n", source)
	}
	return fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path    = %q\n    include = [%q]\n  }\n%s}\n", mirror, source, others)
}

// configFor pins the snapshot's exact version: Terraform selects a
// pre-release only when asked for it exactly.
func configFor(version string) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    partnercenter = {
      source  = "%s/%s"
      version = "%s"
    }
  }
}

provider "partnercenter" {}

data "partnercenter_subscribed_skus" "seed" {
  customer_id = %q
}

output "aad_premium_free" {
  value = data.partnercenter_subscribed_skus.seed.available_units_by_part_number["AAD_PREMIUM"]
}

output "win_ent_e5_free" {
  value = data.partnercenter_subscribed_skus.seed.available_units_by_part_number["WIN_ENT_E5"]
}
`, namespace, providerTyp, version, seedID)
}

// checkLockFile checks that the lock file records the package's hash. From
// a filesystem mirror Terraform records the h1: hash, the Go module dirhash
// of the zip's contents (its PackageHashV1), which this computes the same
// way; the zh: hash of the zip itself comes only from a registry's
// SHA256SUMS, which verifySums checks.
func checkLockFile(path, zipPath, host string) error {
	data, err := os.ReadFile(path) //nolint:gosec // G304: the check's own file
	if err != nil {
		return fmt.Errorf("init wrote no lock file: %w", err)
	}
	h1, err := dirhash.HashZip(zipPath, dirhash.Hash1)
	if err != nil {
		return err
	}
	lock := string(data)
	if !strings.Contains(lock, fmt.Sprintf("provider %q", host+"/"+namespace+"/"+providerTyp)) || !strings.Contains(lock, `"`+h1+`"`) {
		return fmt.Errorf(".terraform.lock.hcl does not record the package's hash %s:\n%s", h1, lock)
	}
	return nil
}

// checkPlan checks that the plan read the seed figures.
func checkPlan(ws workspace) error {
	out, err := ws.run("show", "-json", "plan.bin")
	if err != nil {
		return err
	}
	var plan struct {
		PlannedValues struct {
			Outputs map[string]struct {
				Value any `json:"value"`
			} `json:"outputs"`
		} `json:"planned_values"`
	}
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		return fmt.Errorf("terraform show -json: %w", err)
	}
	for output, want := range map[string]float64{"aad_premium_free": 15, "win_ent_e5_free": 71} {
		if got := plan.PlannedValues.Outputs[output].Value; got != want {
			return fmt.Errorf("the plan's %s is %v, want the seed's %v", output, got, want)
		}
	}
	return nil
}

// checkVersion checks the version the provider reports.
func checkVersion(ws workspace, em *acctest.Server, version, host string) error {
	wantUA := name + "/" + version + " "
	requests := em.Requests()
	if len(requests) == 0 {
		return errors.New("the provider sent the emulator no request")
	}
	for _, r := range requests {
		if ua := r.Header.Get("User-Agent"); !strings.HasPrefix(ua, wantUA) {
			return fmt.Errorf("the provider's User-Agent is %q, want it to start %q", ua, wantUA)
		}
	}
	out, err := ws.run("version", "-json")
	if err != nil {
		return err
	}
	var v struct {
		ProviderSelections map[string]string `json:"provider_selections"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		return fmt.Errorf("version -json: %w", err)
	}
	if got := v.ProviderSelections[host+"/"+namespace+"/"+providerTyp]; got != version {
		return fmt.Errorf("version -json selects %q for the provider, want %q (%v)", got, version, v.ProviderSelections)
	}
	return nil
}

// alterBinary writes to dest the zip at src with one byte of its binary
// changed: the package a lock file must refuse.
func alterBinary(src, dest string) error {
	return rewriteZip(src, dest, func(f *zip.File, data []byte) (string, []byte) {
		if strings.HasPrefix(f.Name, name) {
			data = append(bytes.Clone(data), 0)
		}
		return f.Name, data
	})
}

// damaged returns a copy of rel damaged as how says, in work.
func damaged(rel release, how, work string) (release, error) {
	out := rel
	out.zip = filepath.Join(work, filepath.Base(rel.zip))
	out.manifest = filepath.Join(work, filepath.Base(rel.manifest))
	out.sums = filepath.Join(work, filepath.Base(rel.sums))
	manifest, err := os.ReadFile(rel.manifest)
	if err != nil {
		return out, err
	}
	switch how {
	case "binary":
		err = alterBinary(rel.zip, out.zip)
	case "binary-name":
		err = rewriteZip(rel.zip, out.zip, func(f *zip.File, data []byte) (string, []byte) {
			return strings.Replace(f.Name, name, "terraform-provider-partner-center", 1), data
		})
	case "manifest":
		manifest = bytes.Replace(manifest, []byte(`"6.0"`), []byte(`"5.0"`), 1)
		err = copyFile(rel.zip, out.zip)
	default:
		return out, fmt.Errorf("-break %q: want binary, manifest or binary-name", how)
	}
	if err != nil {
		return out, err
	}
	if err := os.WriteFile(out.manifest, manifest, 0o600); err != nil { //nolint:gosec // G703: the check's own scratch directory
		return out, err
	}
	if how == "binary" {
		// A package altered after the release was cut: the release's own
		// sums must catch it.
		return out, copyFile(rel.sums, out.sums)
	}
	// For the others the sums are rewritten for the damaged files: the
	// damage must be caught by what it breaks, not by a stale sum.
	var sums strings.Builder
	for _, f := range []string{out.zip, out.manifest} {
		sum, err := sha256File(f)
		if err != nil {
			return out, err
		}
		fmt.Fprintf(&sums, "%s  %s\n", sum, filepath.Base(f))
	}
	return out, os.WriteFile(out.sums, []byte(sums.String()), 0o600)
}

func rewriteZip(src, dest string, change func(*zip.File, []byte) (string, []byte)) error {
	r, err := zip.OpenReader(src)
	if err != nil {
		return err
	}
	defer func() { _ = r.Close() }()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, f := range r.File {
		rc, err := f.Open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(rc)
		_ = rc.Close()
		if err != nil {
			return err
		}
		fileName, data := change(f, data)
		header := f.FileHeader
		header.Name = fileName
		fw, err := w.CreateHeader(&header)
		if err != nil {
			return err
		}
		if _, err := fw.Write(data); err != nil {
			return err
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	return os.WriteFile(dest, buf.Bytes(), 0o600)
}

func copyFile(src, dest string) error {
	data, err := os.ReadFile(src) //nolint:gosec // G304: the release's own file
	if err != nil {
		return err
	}
	return os.WriteFile(dest, data, 0o600) //nolint:gosec // G703: the check's own scratch directory
}

func sha256File(path string) (string, error) {
	data, err := os.ReadFile(path) //nolint:gosec // G304: the release's own file
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

// workspace runs the CLI in one directory with the check's environment.
type workspace struct {
	dir, cli string
	env      []string
}

func (w workspace) run(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, w.cli, append([]string{"-chdir=" + w.dir}, args...)...) //nolint:gosec // G204: the check's own commands
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + w.dir, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1"}, w.env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return out.String(), fmt.Errorf("%s %s: %w\n%s", filepath.Base(w.cli), args[0], err, out.String())
	}
	return out.String(), nil
}
