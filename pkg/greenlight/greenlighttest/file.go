package greenlighttest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/oci"
)

// FileTarget is a greenlight.Target whose state lives in a JSON file, so that it outlives the
// process as a cluster does: for end-to-end tests of a pipeline run by `greenlight run`, one
// process per run. It runs nothing (every revision it starts is healthy at once) and keeps the
// conformance suite's contract. The file holds Stable, Canary and Previous (each an ID and an
// image reference), Weight, and Log: one line per change, in order, for the test to read.
type FileTarget struct {
	// Path is the JSON file. It need not exist: a missing file is an environment that runs
	// nothing yet.
	Path string

	mu sync.Mutex // one change at a time in this process
}

// fileRev and fileState are the file's JSON.
type fileRev struct{ ID, Image string }

type fileState struct {
	Stable, Canary, Previous *fileRev
	Weight                   int
	Log                      []string
}

func (t *FileTarget) load() (fileState, error) {
	var s fileState
	b, err := os.ReadFile(t.Path)
	if errors.Is(err, os.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return s, fmt.Errorf("reading %s: %w", t.Path, err)
	}
	return s, nil
}

func (t *FileTarget) change(what string, f func(s *fileState) error) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	s, err := t.load()
	if err != nil {
		return err
	}
	if err := f(&s); err != nil {
		return err
	}
	s.Log = append(s.Log, what)
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return os.WriteFile(t.Path, b, 0o600)
}

func (r *fileRev) revision() (*greenlight.Revision, error) {
	if r == nil {
		return nil, nil
	}
	img, err := oci.ParseImage(r.Image)
	if err != nil {
		return nil, err
	}
	return &greenlight.Revision{ID: r.ID, Image: img}, nil
}

func toFileRev(r greenlight.Revision) *fileRev { return &fileRev{ID: r.ID, Image: r.Image.String()} }

func (r *fileRev) is(x greenlight.Revision) bool { return r != nil && r.ID == x.ID }

// State implements greenlight.Target.
func (t *FileTarget) State(ctx context.Context) (greenlight.State, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	s, err := t.load()
	if err != nil {
		return greenlight.State{}, err
	}
	var st greenlight.State
	for _, x := range []struct {
		from *fileRev
		to   **greenlight.Revision
	}{{s.Stable, &st.Stable}, {s.Canary, &st.Canary}, {s.Previous, &st.Previous}} {
		if *x.to, err = x.from.revision(); err != nil {
			return greenlight.State{}, fmt.Errorf("reading %s: %w", t.Path, err)
		}
	}
	st.CanaryWeight, st.PreviousWarm = s.Weight, s.Previous != nil
	return st, nil
}

// Start implements greenlight.Target: the revision is its image's short digest, healthy at once,
// with no traffic until SetCanaryWeight or Promote.
func (t *FileTarget) Start(ctx context.Context, img greenlight.SignedImage) (greenlight.Revision, error) {
	return greenlight.Revision{ID: img.Image().Short(), Image: img.Image()}, nil
}

// SetCanaryWeight implements greenlight.Target: r takes percent of the traffic (0 to 99), stable
// the rest.
func (t *FileTarget) SetCanaryWeight(ctx context.Context, r greenlight.Revision, percent int) (int, error) {
	if percent < 0 || percent > 99 {
		return 0, fmt.Errorf("canary weight %d%% is out of range: want 0 to 99 (Promote gives all the traffic)", percent)
	}
	err := t.change(fmt.Sprintf("weight %s %d", r.ID, percent), func(s *fileState) error {
		if s.Stable.is(r) {
			return fmt.Errorf("revision %s is stable, not a canary", r.ID)
		}
		s.Canary, s.Weight = toFileRev(r), percent
		return nil
	})
	if err != nil {
		return 0, err
	}
	return percent, nil
}

// Promote implements greenlight.Target: r takes all the traffic and the old stable revision
// becomes Previous. Promoting the stable revision changes nothing.
func (t *FileTarget) Promote(ctx context.Context, r greenlight.Revision) error {
	return t.change("promote "+r.ID, func(s *fileState) error {
		if s.Stable.is(r) {
			s.Canary, s.Weight = nil, 0
			return nil
		}
		s.Previous, s.Stable, s.Canary, s.Weight = s.Stable, toFileRev(r), nil, 0
		return nil
	})
}

// Abort implements greenlight.Target: all the traffic goes back to stable and the canary r is
// gone. Aborting a revision that is gone changes nothing; aborting the stable one is refused.
func (t *FileTarget) Abort(ctx context.Context, r greenlight.Revision) error {
	return t.change("abort "+r.ID, func(s *fileState) error {
		if s.Stable.is(r) {
			return fmt.Errorf("revision %s is stable: abort stops a canary (Rollback replaces stable)", r.ID)
		}
		if s.Canary.is(r) {
			s.Canary, s.Weight = nil, 0
		}
		return nil
	})
}

// Rollback implements greenlight.Target: Previous becomes stable again with all the traffic,
// and the revision it replaces is retired.
func (t *FileTarget) Rollback(ctx context.Context) (greenlight.Revision, error) {
	var back *fileRev
	err := t.change("rollback", func(s *fileState) error {
		if s.Previous == nil {
			return errors.New("no previous revision to roll back to")
		}
		back = s.Previous
		s.Stable, s.Previous, s.Canary, s.Weight = s.Previous, nil, nil, 0
		return nil
	})
	if err != nil {
		return greenlight.Revision{}, err
	}
	r, err := back.revision()
	if err != nil {
		return greenlight.Revision{}, err
	}
	return *r, nil
}
