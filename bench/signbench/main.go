// signbench signs and verifies the same kind of images with Greenlight and with the cosign CLIs
// (v2.6.5 as cosign, v3.1.3 as cosign3, built by .ci/tools.sh), side by side against one local
// registry, and prints the medians and the ratios Greenlight / cosign:
//
//   - sign + attach, per image in a run: Greenlight's signer decrypts cosign.key once for the
//     run and signs every image with the key in memory; a pipeline that shells out runs
//     `cosign sign` once per image, decrypting the key (scrypt) each time. Goal ≤ 0.5.
//   - sign + attach, one process for the run's images: `greenlight sign` and `cosign sign`
//     both given every image at once (both decrypt once): the CLI against the CLI.
//   - verify, per image: `greenlight verify` and `cosign verify`, each a process, in both
//     formats (bundle: cosign v3 and v2 --new-bundle-format; legacy: cosign v2 and v3); and
//     Greenlight's verifier in process, as a pipeline calls it before every deploy. Goal ≤ 0.2.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/greenlight-cd/greenlight/internal/benchutil"
	"github.com/greenlight-cd/greenlight/internal/sigstorefake"
	"github.com/greenlight-cd/greenlight/pkg/registry"
	"github.com/greenlight-cd/greenlight/pkg/sign"
)

func main() {
	tools := os.Getenv("GREENLIGHT_TOOLS")
	if tools == "" {
		home, _ := os.UserHomeDir()
		tools = filepath.Join(home, ".cache", "greenlight-tools")
	}
	cosign2 := flag.String("cosign", filepath.Join(tools, "bin", "cosign"), "cosign v2.6.x")
	cosign3 := flag.String("cosign3", filepath.Join(tools, "bin", "cosign3"), "cosign v3.x")
	images := flag.Int("images", 5, "images signed per run")
	runs := flag.Int("runs", 5, "runs per measure (the median is printed)")
	flag.Parse()
	if err := run(*cosign2, *cosign3, *images, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "signbench:", err)
		os.Exit(1)
	}
}

type bench struct {
	work, gl, keyPath, pubPath, emptyRoot string
	key                                   *sign.Key
	repo                                  string
	n                                     int
}

const password = "signbench"

func run(cosign2, cosign3 string, n, runs int) error {
	for _, c := range []string{cosign2, cosign3} {
		if _, err := os.Stat(c); err != nil {
			return fmt.Errorf("%s is missing: run .ci/tools.sh (it builds cosign v2 and v3 once)", c)
		}
	}
	work, err := os.MkdirTemp("", "signbench-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	b := &bench{work: work, gl: filepath.Join(work, "greenlight"), n: n}
	if out, err := exec.Command("go", "build", "-o", b.gl, "./cmd/greenlight").CombinedOutput(); err != nil {
		return fmt.Errorf("building greenlight: %v\n%s", err, out)
	}
	reg, err := registry.Start()
	if err != nil {
		return err
	}
	defer reg.Close()
	b.repo = reg.Repo("bench/app")
	if b.key, err = sign.GenerateKey(); err != nil {
		return err
	}
	if b.keyPath, b.pubPath, err = b.key.WriteFiles(work, []byte(password)); err != nil {
		return err
	}
	b.emptyRoot = filepath.Join(work, "empty_root.json")
	os.WriteFile(b.emptyRoot, []byte(sigstorefake.EmptyTrustedRootJSON), 0o644)

	fmt.Printf("signbench: %d images per run, median of %d runs; cosign %s and %s\n\n", n, runs, version(cosign2), version(cosign3))
	fmt.Printf("%-58s %12s %12s %7s %s\n", "measure", "greenlight", "cosign", "ratio", "goal")

	// Sign + attach, per image in a run.
	inProc := func(f sign.Format) func() (time.Duration, error) {
		return func() (time.Duration, error) {
			imgs, err := b.push(n)
			if err != nil {
				return 0, err
			}
			start := time.Now()
			k, err := sign.LoadKeyFile(b.keyPath, []byte(password))
			if err != nil {
				return 0, err
			}
			s, _ := sign.NewSigner(k, sign.WithFormat(f))
			for _, img := range imgs {
				if _, err := s.Sign(context.Background(), img); err != nil {
					return 0, err
				}
			}
			return time.Since(start) / time.Duration(n), nil
		}
	}
	perImageCLI := func(bin string, args ...string) func() (time.Duration, error) {
		return func() (time.Duration, error) {
			imgs, err := b.push(n)
			if err != nil {
				return 0, err
			}
			start := time.Now()
			for _, img := range imgs {
				if err := b.exec(bin, append(args, img.String())...); err != nil {
					return 0, err
				}
			}
			return time.Since(start) / time.Duration(n), nil
		}
	}
	cosign3Sign := []string{"sign", "--key", b.keyPath, "--tlog-upload=false", "--use-signing-config=false", "--yes"}
	cosign2Sign := []string{"sign", "--key", b.keyPath, "--tlog-upload=false", "--yes"}
	if err := b.row(runs, "sign+attach per image in a run, bundle (vs cosign v3)", 0.5, inProc(sign.FormatBundle), perImageCLI(cosign3, cosign3Sign...)); err != nil {
		return err
	}
	if err := b.row(runs, "sign+attach per image in a run, legacy (vs cosign v2)", 0.5, inProc(sign.FormatLegacy), perImageCLI(cosign2, cosign2Sign...)); err != nil {
		return err
	}

	// Sign + attach: one process for all the run's images.
	oneProcess := func(bin string, args ...string) func() (time.Duration, error) {
		return func() (time.Duration, error) {
			imgs, err := b.push(n)
			if err != nil {
				return 0, err
			}
			all := append([]string{}, args...)
			for _, img := range imgs {
				all = append(all, img.String())
			}
			start := time.Now()
			err = b.exec(bin, all...)
			return time.Since(start), err
		}
	}
	if err := b.row(runs, fmt.Sprintf("sign+attach %d images, one CLI process, bundle (v3)", n), 0, oneProcess(b.gl, "sign", "--key", b.keyPath),
		oneProcess(cosign3, cosign3Sign...)); err != nil {
		return err
	}
	if err := b.row(runs, fmt.Sprintf("sign+attach %d images, one CLI process, legacy (v2)", n), 0, oneProcess(b.gl, "sign", "--key", b.keyPath, "--format", "legacy"),
		oneProcess(cosign2, cosign2Sign...)); err != nil {
		return err
	}

	// Verify, per image.
	signed := map[sign.Format]oci.Image{}
	for _, f := range []sign.Format{sign.FormatBundle, sign.FormatLegacy} {
		imgs, err := b.push(1)
		if err != nil {
			return err
		}
		s, _ := sign.NewSigner(b.key, sign.WithFormat(f))
		if _, err := s.Sign(context.Background(), imgs[0]); err != nil {
			return err
		}
		signed[f] = imgs[0]
	}
	verifyCLI := func(bin string, f sign.Format, args ...string) func() (time.Duration, error) {
		return func() (time.Duration, error) {
			start := time.Now()
			err := b.exec(bin, append(args, signed[f].String())...)
			return time.Since(start), err
		}
	}
	verifyInProc := func(f sign.Format) func() (time.Duration, error) {
		return func() (time.Duration, error) {
			start := time.Now()
			v, err := sign.NewVerifier(b.key.PublicPEM())
			if err != nil {
				return 0, err
			}
			sig, err := v.Verify(context.Background(), signed[f])
			if err == nil && sig.Format != string(f) {
				err = fmt.Errorf("verified a %s signature, want %s", sig.Format, f)
			}
			return time.Since(start), err
		}
	}
	glVerify := []string{"verify", "--key", b.pubPath}
	bundleV3 := []string{"verify", "--key", b.pubPath, "--insecure-ignore-tlog=true", "--trusted-root", b.emptyRoot}
	bundleV2 := append(append([]string{}, bundleV3...), "--new-bundle-format")
	legacyV2 := []string{"verify", "--key", b.pubPath, "--insecure-ignore-tlog=true"}
	legacyV3 := append(append([]string{}, legacyV2...), "--new-bundle-format=false")
	rows := []struct {
		name     string
		gl, peer func() (time.Duration, error)
	}{
		{"verify bundle: greenlight verify vs cosign v3", verifyCLI(b.gl, sign.FormatBundle, glVerify...), verifyCLI(cosign3, sign.FormatBundle, bundleV3...)},
		{"verify bundle: greenlight verify vs cosign v2", verifyCLI(b.gl, sign.FormatBundle, glVerify...), verifyCLI(cosign2, sign.FormatBundle, bundleV2...)},
		{"verify legacy: greenlight verify vs cosign v2", verifyCLI(b.gl, sign.FormatLegacy, glVerify...), verifyCLI(cosign2, sign.FormatLegacy, legacyV2...)},
		{"verify legacy: greenlight verify vs cosign v3", verifyCLI(b.gl, sign.FormatLegacy, glVerify...), verifyCLI(cosign3, sign.FormatLegacy, legacyV3...)},
		{"verify bundle: in-process verifier vs cosign v3", verifyInProc(sign.FormatBundle), verifyCLI(cosign3, sign.FormatBundle, bundleV3...)},
		{"verify legacy: in-process verifier vs cosign v2", verifyInProc(sign.FormatLegacy), verifyCLI(cosign2, sign.FormatLegacy, legacyV2...)},
	}
	for _, r := range rows {
		if err := b.row(runs, r.name, 0.2, r.gl, r.peer); err != nil {
			return err
		}
	}
	return nil
}

// row measures gl and peer alternately, runs times each, and prints the medians and the ratio.
func (b *bench) row(runs int, name string, goal float64, gl, peer func() (time.Duration, error)) error {
	var g, p []time.Duration
	for i := 0; i < runs; i++ {
		d, err := gl()
		if err != nil {
			return fmt.Errorf("%s (greenlight): %w", name, err)
		}
		g = append(g, d)
		if d, err = peer(); err != nil {
			return fmt.Errorf("%s (cosign): %w", name, err)
		}
		p = append(p, d)
	}
	gm, pm := benchutil.Median(g), benchutil.Median(p)
	ratio := benchutil.Ratio(gm, pm)
	mark := ""
	if goal > 0 {
		mark = fmt.Sprintf("≤ %.1f ", goal)
		if ratio <= goal {
			mark += "met"
		} else {
			mark += "MISSED"
		}
	}
	fmt.Printf("%-58s %12s %12s %7.3f %s\n", name, gm.Round(100*time.Microsecond), pm.Round(100*time.Microsecond), ratio, mark)
	return nil
}

// push writes n new random images and returns them.
func (b *bench) push(n int) ([]oci.Image, error) {
	repo, err := name.NewRepository(b.repo)
	if err != nil {
		return nil, err
	}
	var out []oci.Image
	for i := 0; i < n; i++ {
		img, err := random.Image(256, 1)
		if err != nil {
			return nil, err
		}
		d, _ := img.Digest()
		if err := remote.Write(repo.Digest(d.String()), img); err != nil {
			return nil, err
		}
		gi, err := oci.NewImage(b.repo, d.String(), "")
		if err != nil {
			return nil, err
		}
		out = append(out, gi)
	}
	return out, nil
}

// exec runs a CLI offline (any host but localhost is a closed port), with the key's password.
func (b *bench) exec(bin string, args ...string) error {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "COSIGN_PASSWORD="+password, "TUF_ROOT="+filepath.Join(b.work, "tuf"),
		"HTTPS_PROXY=http://127.0.0.1:9", "HTTP_PROXY=http://127.0.0.1:9", "NO_PROXY=127.0.0.1,localhost")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %v\n%s", filepath.Base(bin), strings.Join(args[:1], " "), err, out)
	}
	return nil
}

func version(bin string) string {
	out, _ := exec.Command(bin, "version").CombinedOutput()
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "GitVersion:") {
			return strings.TrimSpace(strings.TrimPrefix(l, "GitVersion:"))
		}
	}
	return filepath.Base(bin)
}
