package governance_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/governance"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/greenlight/greenlighttest"
)

// memTarget is an in-memory target: it only keeps which revision takes the traffic.
type memTarget struct {
	mu                       sync.Mutex
	stable, canary, previous *greenlight.Revision
	weight                   int
}

func (m *memTarget) State(context.Context) (greenlight.State, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return greenlight.State{Stable: m.stable, Canary: m.canary, CanaryWeight: m.weight, Previous: m.previous}, nil
}

func (m *memTarget) Start(_ context.Context, img greenlight.SignedImage) (greenlight.Revision, error) {
	return greenlight.Revision{ID: img.Image().Short(), Image: img.Image(), Started: time.Now()}, nil
}

func (m *memTarget) SetCanaryWeight(_ context.Context, r greenlight.Revision, w int) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.canary, m.weight = &r, w
	return w, nil
}

func (m *memTarget) Promote(_ context.Context, r greenlight.Revision) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stable != nil && m.stable.ID == r.ID {
		return nil
	}
	m.previous, m.stable, m.canary, m.weight = m.stable, &r, nil, 0
	return nil
}

func (m *memTarget) Abort(_ context.Context, r greenlight.Revision) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stable != nil && m.stable.ID == r.ID {
		return fmt.Errorf("%s is the stable revision; use Rollback to replace it", r.ID)
	}
	if m.canary != nil && m.canary.ID == r.ID {
		m.canary, m.weight = nil, 0
	}
	return nil
}

func (m *memTarget) Rollback(context.Context) (greenlight.Revision, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.previous == nil {
		return greenlight.Revision{}, errors.New("no previous revision to roll back to")
	}
	m.stable, m.previous, m.canary, m.weight = m.previous, nil, nil, 0
	return *m.stable, nil
}

func (m *memTarget) serving() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stable == nil {
		return ""
	}
	return m.stable.Image.Digest()
}

type signer struct{ key string }

func (s signer) Sign(context.Context, oci.Image) (oci.Signature, error) {
	return oci.Signature{Ref: "sig", KeyID: s.key}, nil
}
func (s signer) Verifier() oci.Verifier { return s }
func (s signer) Verify(context.Context, oci.Image) (oci.Signature, error) {
	return oci.Signature{Ref: "sig", KeyID: s.key}, nil
}

const digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111"

// release runs test-less build → staging → production with the given production policies.
func release(t *testing.T, key string, policies ...greenlight.Policy) (*runlog.Report, *memTarget) {
	t.Helper()
	staging := &greenlight.Environment{Name: "staging", Target: &memTarget{}}
	prodTarget := &memTarget{}
	production := &greenlight.Environment{Name: "production", Target: prodTarget, Policies: policies}
	rep, _ := greenlight.Run(context.Background(), func(p *greenlight.P) {
		img, err := oci.NewImage("registry.example/app", digest, "")
		if err != nil {
			p.Fatalf("%v", err)
		}
		signed := p.Sign(img, signer{key})
		p.DeployStaging(signed, staging)
		p.Promote(signed, production)
	}, greenlight.WithEnvironments(staging, production), greenlight.WithSource(runlog.Source{Commit: "c0ffee", Author: "dev"}))
	return rep, prodTarget
}

// TestAFreezeHoldsTheReleaseAtProductionThroughTheEngine: a run inside a freeze does everything
// up to production and then waits, like an approval: the run is skipped, not failed, nothing
// moved in production, and the hold says when the freeze ends.
func TestAFreezeHoldsTheReleaseAtProductionThroughTheEngine(t *testing.T) {
	friday := time.Date(2026, 12, 4, 17, 0, 0, 0, time.UTC)
	freeze := &governance.Freeze{Zone: "Europe/Berlin", Now: func() time.Time { return friday },
		Windows: []governance.Window{governance.Weekly{From: governance.On(time.Friday, 16, 0), Until: governance.On(time.Monday, 8, 0)}}}
	rep, prod := release(t, "key-1", governance.SignedBy{Allowed: []string{"key-1"}}, freeze)
	if rep.Status != runlog.Skipped || prod.serving() != "" {
		t.Fatalf("status %s, production serves %q: %s", rep.Status, prod.serving(), rep.Error)
	}
	if st := rep.Stage("deploy-staging"); st == nil || st.Status != runlog.Passed {
		t.Fatalf("staging must still be deployed: %+v", rep.Stages)
	}
	var held *runlog.MoveRecord
	for i, m := range rep.Moves {
		if m.Env == "production" && m.Outcome == "held" {
			held = &rep.Moves[i]
		}
	}
	if held == nil || !strings.Contains(held.Detail, "production is frozen until Mon 7 Dec 2026 08:00 CET") {
		t.Fatalf("moves: %+v", rep.Moves)
	}

	// Out of the freeze (15:00 in Berlin) the same release goes through.
	freeze.Now = func() time.Time { return friday.Add(-3 * time.Hour) }
	rep, prod = release(t, "key-1", governance.SignedBy{Allowed: []string{"key-1"}}, freeze)
	if rep.Status != runlog.Passed || prod.serving() != digest {
		t.Fatalf("status %s: %s", rep.Status, rep.Error)
	}
}

func TestAPolicyRefusalFailsTheRunNamingThePolicyAndTheFix(t *testing.T) {
	rep, prod := release(t, "key-evil", governance.SignedBy{Allowed: []string{"key-1"}})
	if rep.Status != runlog.Failed || prod.serving() != "" {
		t.Fatalf("status %s, production serves %q", rep.Status, prod.serving())
	}
	if !strings.Contains(rep.Error, `policy "signed-by" refuses`) || !strings.Contains(rep.Error, "sign it with one of: key-1") {
		t.Fatalf("error: %s", rep.Error)
	}
}

// The in-memory target these tests release with behaves as a real target does.
func TestMemTargetConforms(t *testing.T) {
	greenlighttest.Target(t, func(*testing.T) (greenlight.Target, func(*testing.T) greenlight.Target) {
		return &memTarget{}, nil
	})
}
