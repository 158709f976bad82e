// Package attest makes the attestations Greenlight signs beside an image's signature: a
// CycloneDX SBOM generated from the Go build information of the binary in the image, and a SLSA
// v1 provenance statement for the build (builder: the GitHub workflow; materials: the commit).
// Signers in pkg/sign (Signer.Attest, Keyless.Attest) wrap them in in-toto statements, sign
// them in a Sigstore bundle and attach them to the image as OCI referrers, as `cosign attest`
// does; Verifier.VerifyAttestation reads them back for policies that require them.
package attest

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/rand"
	"debug/buildinfo"
	"errors"
	"fmt"
	"io"
	"path"
	"runtime/debug"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// Predicate types, as cosign's --type cyclonedx and slsaprovenance1 name them.
const (
	CycloneDXPredicateType = "https://cyclonedx.org/bom"
	SLSAProvenanceV1       = "https://slsa.dev/provenance/v1"
	// GitHubWorkflowBuildType is the build type GitHub's own provenance uses for a workflow run.
	GitHubWorkflowBuildType = "https://actions.github.io/buildtypes/workflow/v1"
)

// Attestor signs a statement about an image and attaches it; *sign.Signer and *sign.Keyless
// are Attestors.
type Attestor interface {
	Attest(ctx context.Context, img oci.Image, predicateType string, predicate any) (string, error)
}

// Limits on what is read from an image to find its Go binary.
const (
	maxBinary = 512 << 20
	maxLayers = 64
)

// GoBinary finds the Go executable in img (the entrypoint if it is a Go binary, otherwise the
// first Go binary in the top-most layer that has one) and returns its path and build info.
func GoBinary(ctx context.Context, img oci.Image, opts ...remote.Option) (string, *debug.BuildInfo, error) {
	ref, err := name.NewDigest(img.String())
	if err != nil {
		return "", nil, err
	}
	ri, err := remote.Image(ref, append([]remote.Option{remote.WithContext(ctx)}, opts...)...)
	if err != nil {
		return "", nil, fmt.Errorf("reading %s: %w", img, err)
	}
	cfg, err := ri.ConfigFile()
	if err != nil {
		return "", nil, fmt.Errorf("reading the config of %s: %w", img, err)
	}
	entry := ""
	if len(cfg.Config.Entrypoint) > 0 {
		entry = path.Clean("/" + cfg.Config.Entrypoint[0])
	}
	layers, err := ri.Layers()
	if err != nil {
		return "", nil, err
	}
	if len(layers) > maxLayers {
		return "", nil, fmt.Errorf("%s has %d layers, more than the %d read for an SBOM", img, len(layers), maxLayers)
	}
	var firstPath string
	var first *debug.BuildInfo
	for i := len(layers) - 1; i >= 0; i-- {
		rc, err := layers[i].Uncompressed()
		if err != nil {
			return "", nil, err
		}
		p, bi, found, err := scanLayer(rc, entry)
		rc.Close()
		if err != nil {
			return "", nil, err
		}
		if found {
			return p, bi, nil
		}
		if bi != nil && first == nil {
			firstPath, first = p, bi
		}
	}
	if first != nil {
		return firstPath, first, nil
	}
	return "", nil, fmt.Errorf("no Go binary in %s: an SBOM from build info needs an image built from Go (greenlight build, ko)", img)
}

// scanLayer looks for Go binaries in one layer; found is true when the entrypoint is one.
func scanLayer(r io.Reader, entry string) (string, *debug.BuildInfo, bool, error) {
	tr := tar.NewReader(r)
	var firstPath string
	var first *debug.BuildInfo
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return firstPath, first, false, nil
		}
		if err != nil {
			return "", nil, false, err
		}
		if h.Typeflag != tar.TypeReg || h.Mode&0o111 == 0 || h.Size < 4 || h.Size > maxBinary {
			continue
		}
		p := path.Clean("/" + h.Name)
		if first != nil && p != entry {
			continue
		}
		b, err := io.ReadAll(io.LimitReader(tr, maxBinary))
		if err != nil {
			return "", nil, false, err
		}
		bi, err := buildinfo.Read(bytes.NewReader(b))
		if err != nil {
			continue
		}
		if p == entry {
			return p, bi, true, nil
		}
		firstPath, first = p, bi
	}
}

// SBOM is a CycloneDX 1.5 document: the main module, the Go toolchain and every module
// linked into the binary, each with its Go package URL.
func SBOM(binPath string, bi *debug.BuildInfo, now time.Time) map[string]any {
	purl := func(p, v string) string {
		if v == "" || v == "(devel)" {
			return "pkg:golang/" + p
		}
		return "pkg:golang/" + p + "@" + v
	}
	var comps []any
	comps = append(comps, map[string]any{"type": "application", "bom-ref": "pkg:golang/stdlib@" + bi.GoVersion, "name": "stdlib",
		"version": bi.GoVersion, "purl": "pkg:golang/stdlib@" + strings.TrimPrefix(bi.GoVersion, "go")})
	for _, d := range bi.Deps {
		m := d
		if d.Replace != nil {
			m = d.Replace
		}
		c := map[string]any{"type": "library", "bom-ref": purl(m.Path, m.Version), "name": m.Path, "version": m.Version, "purl": purl(m.Path, m.Version)}
		if m.Sum != "" {
			c["properties"] = []any{map[string]any{"name": "go:module:sum", "value": m.Sum}}
		}
		if d.Replace != nil {
			c["description"] = "replaces " + d.Path + "@" + d.Version
		}
		comps = append(comps, c)
	}
	var props []any
	for _, s := range bi.Settings {
		props = append(props, map[string]any{"name": "go:build:" + s.Key, "value": s.Value})
	}
	main := map[string]any{"type": "application", "bom-ref": purl(bi.Main.Path, bi.Main.Version), "name": bi.Main.Path,
		"version": bi.Main.Version, "purl": purl(bi.Main.Path, bi.Main.Version),
		"properties": append(props, map[string]any{"name": "go:binary:path", "value": binPath}, map[string]any{"name": "go:package", "value": bi.Path})}
	return map[string]any{
		"bomFormat": "CycloneDX", "specVersion": "1.5", "serialNumber": "urn:uuid:" + uuid(), "version": 1,
		"metadata": map[string]any{"timestamp": now.UTC().Format(time.RFC3339),
			"tools":     map[string]any{"components": []any{map[string]any{"type": "application", "name": "greenlight", "group": "greenlight-cd"}}},
			"component": main},
		"components": comps,
	}
}

func uuid() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// Build describes the run that built an image, for its provenance.
type Build struct {
	ServerURL   string    // https://github.com
	Repository  string    // acme/hello
	Commit      string    // the commit built (40 hex)
	Ref         string    // refs/heads/main
	WorkflowRef string    // acme/hello/.github/workflows/deploy.yml@refs/heads/main
	EventName   string    // push
	RunID       string    // the workflow run
	RunAttempt  string    // its attempt
	StartedOn   time.Time // when the build started
	FinishedOn  time.Time // when it finished
}

// BuildFromEnv reads the run from the variables GitHub Actions sets (GITHUB_REPOSITORY,
// GITHUB_SHA, GITHUB_WORKFLOW_REF, ...) through getenv: os.Getenv, or a map in tests. It is the
// one place in package attest that reads the environment; a Build can also be filled in
// directly.
func BuildFromEnv(getenv func(string) string) (Build, error) {
	b := Build{ServerURL: getenv("GITHUB_SERVER_URL"), Repository: getenv("GITHUB_REPOSITORY"), Commit: getenv("GITHUB_SHA"),
		Ref: getenv("GITHUB_REF"), WorkflowRef: getenv("GITHUB_WORKFLOW_REF"), EventName: getenv("GITHUB_EVENT_NAME"),
		RunID: getenv("GITHUB_RUN_ID"), RunAttempt: getenv("GITHUB_RUN_ATTEMPT")}
	if b.ServerURL == "" {
		b.ServerURL = "https://github.com"
	}
	if b.Repository == "" || b.Commit == "" || b.WorkflowRef == "" {
		return Build{}, errors.New("provenance: $GITHUB_REPOSITORY, $GITHUB_SHA and $GITHUB_WORKFLOW_REF are not set: a provenance names the workflow run that built the image (run in GitHub Actions)")
	}
	return b, nil
}

// Provenance is a SLSA v1 provenance predicate: built by the workflow, from the commit.
func Provenance(b Build) map[string]any {
	workflowPath, workflowRef, _ := strings.Cut(strings.TrimPrefix(b.WorkflowRef, b.Repository+"/"), "@")
	run := map[string]any{"builder": map[string]any{"id": b.ServerURL + "/" + b.WorkflowRef}}
	meta := map[string]any{}
	if b.RunID != "" {
		meta["invocationId"] = b.ServerURL + "/" + b.Repository + "/actions/runs/" + b.RunID + "/attempts/" + b.RunAttempt
	}
	if !b.StartedOn.IsZero() {
		meta["startedOn"] = b.StartedOn.UTC().Format(time.RFC3339)
	}
	if !b.FinishedOn.IsZero() {
		meta["finishedOn"] = b.FinishedOn.UTC().Format(time.RFC3339)
	}
	if len(meta) > 0 {
		run["metadata"] = meta
	}
	return map[string]any{
		"buildDefinition": map[string]any{
			"buildType": GitHubWorkflowBuildType,
			"externalParameters": map[string]any{"workflow": map[string]any{"ref": workflowRef, "repository": b.ServerURL + "/" + b.Repository,
				"path": workflowPath}},
			"internalParameters": map[string]any{"github": map[string]any{"event_name": b.EventName}},
			"resolvedDependencies": []any{map[string]any{"uri": "git+" + b.ServerURL + "/" + b.Repository + "@" + b.Ref,
				"digest": map[string]any{"gitCommit": b.Commit}}},
		},
		"runDetails": run,
	}
}

// AttachSBOM generates the SBOM of img's Go binary and has a sign it and attach it.
func AttachSBOM(ctx context.Context, a Attestor, img oci.Image, opts ...remote.Option) (string, error) {
	p, bi, err := GoBinary(ctx, img, opts...)
	if err != nil {
		return "", err
	}
	return a.Attest(ctx, img, CycloneDXPredicateType, SBOM(p, bi, time.Now()))
}

// AttachProvenance has a sign and attach the provenance of img's build.
func AttachProvenance(ctx context.Context, a Attestor, img oci.Image, b Build) (string, error) {
	return a.Attest(ctx, img, SLSAProvenanceV1, Provenance(b))
}
