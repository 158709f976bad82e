package runlog

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
)

// StageRecord is one stage of a run: what the report and notifiers show.
type StageRecord struct {
	Name     string        `json:"name"`
	Env      string        `json:"env,omitempty"`
	Status   Status        `json:"status"`
	Start    time.Time     `json:"start"`
	End      time.Time     `json:"end"`
	Duration time.Duration `json:"duration_ns"`
	Result   string        `json:"result,omitempty"`
	Error    string        `json:"error,omitempty"`
}

// VersionStats is what one revision served in one environment during the run.
type VersionStats struct {
	Env      string  `json:"env"`
	Revision string  `json:"revision"`
	Image    string  `json:"image"`
	Requests int64   `json:"requests"`
	Failed   int64   `json:"failed"`
	P50Ms    float64 `json:"p50_ms"`
	P99Ms    float64 `json:"p99_ms"`
}

// RollbackRecord says why traffic went back to a previous version.
type RollbackRecord struct {
	Env      string        `json:"env"`
	From     string        `json:"from"`
	To       string        `json:"to"`
	Reason   string        `json:"reason"`
	Time     time.Time     `json:"time"`
	Duration time.Duration `json:"duration_ns"`
}

// maxLooks bounds Report.Looks: beyond it, every other look is dropped (the step-ending
// verdicts are kept), so a bake of hours stays a page of a few hundred kilobytes.
const maxLooks = 1200

// AddLook appends v to r.Looks, thinning them evenly past maxLooks; a verdict that is not Wait
// (a step's end) is always kept.
func (r *Report) AddLook(v analysis.Verdict) {
	if v.Evidence != nil {
		e := *v.Evidence
		v.Evidence = &e
	}
	r.Looks = append(r.Looks, v)
	if len(r.Looks) <= maxLooks {
		return
	}
	kept := r.Looks[:0]
	for i, l := range r.Looks {
		if i%2 == 0 || l.Outcome != analysis.Wait || i == len(r.Looks)-1 {
			kept = append(kept, l)
		}
	}
	r.Looks = kept
}

// Report is the outcome of one run.
type Report struct {
	Pipeline string             `json:"pipeline"`
	Run      string             `json:"run"`
	Source   Source             `json:"source"`
	Status   Status             `json:"status"`
	Error    string             `json:"error,omitempty"`
	Start    time.Time          `json:"start"`
	End      time.Time          `json:"end"`
	Stages   []StageRecord      `json:"stages"`
	Images   []ImageRecord      `json:"images"`
	Versions []VersionStats     `json:"versions"`
	Verdicts []analysis.Verdict `json:"verdicts"`
	// Looks are the canary's figures over the release, look by look (every few seconds, at
	// most maxLooks, thinned evenly beyond), with the verdicts that ended steps among them:
	// what the release page plots.
	Looks     []analysis.Verdict  `json:"looks,omitempty"`
	Rollbacks []RollbackRecord    `json:"rollbacks"`
	Decisions []approval.Decision `json:"decisions,omitempty"`
	// Releases is every feature release (a flag's change) the run made, apart from deploys.
	Releases []ReleaseRecord `json:"releases,omitempty"`
	// Moves is every traffic move the run made or was refused, in order.
	Moves []MoveRecord `json:"moves,omitempty"`
	// OutOfDate lists records (the ledger's) that could not be written: what they say is not
	// what happened until the next run reconciles them.
	OutOfDate []string `json:"out_of_date,omitempty"`
	// Untrusted lists the records the run found but did not trust, and why (a deploy record
	// no Greenlight record key signed, written by a workflow token): what an attacker with
	// write access tried, named where people look (the step summary).
	Untrusted []string `json:"untrusted,omitempty"`
	// Warnings are what the ledgers said at the run's start about where they keep their
	// records (an environment open to every branch that the pipeline accepted, a record
	// found forged), in the step summary as in the log.
	Warnings []string `json:"warnings,omitempty"`
	// Environments maps each declared environment to its URL ("" if none).
	Environments map[string]string `json:"environments,omitempty"`
}

// ImageRecord is an image built, signed, verified or deployed in the run.
type ImageRecord struct {
	Ref       string         `json:"ref"`
	Digest    string         `json:"digest"`
	Signature *oci.Signature `json:"signature,omitempty"`
	Deployed  []string       `json:"deployed_to,omitempty"`
}

// Stage returns the first stage record with that name, or nil.
func (r *Report) Stage(name string) *StageRecord {
	for i := range r.Stages {
		if r.Stages[i].Name == name {
			return &r.Stages[i]
		}
	}
	return nil
}

// WriteFile writes the report as indented JSON, atomically.
func (r *Report) WriteFile(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".report-*")
	if err != nil {
		return fmt.Errorf("writing report %s: %w (is the directory writable?)", path, err)
	}
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("writing report %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// MoveRecord is one traffic move of a run, as the choke point carried it out or refused it.
type MoveRecord struct {
	// Kind is the kind of move (greenlight.MoveKind): deploy, first-release, canary-step,
	// promote, redeploy, rollback or abort.
	Kind   string    `json:"kind"`
	Env    string    `json:"env"`
	Digest string    `json:"digest,omitempty"`
	Weight int       `json:"weight"`
	Time   time.Time `json:"time"`
	// Outcome is done, refused, held or failed.
	Outcome string `json:"outcome"`
	// Detail says why it was refused, held or failed; for a done move, what was checked.
	Detail string `json:"detail,omitempty"`
	// Policies are what the environment's policies said about the move.
	Policies []PolicyResult `json:"policies,omitempty"`
}

// ReleaseRecord is one release in the audit trail: a flag turned on for a share of an
// environment's users, or off.
type ReleaseRecord struct {
	Env  string `json:"env"`
	Flag string `json:"flag"`
	// From and Percent are the share of users that get the feature before and after.
	From    int `json:"from"`
	Percent int `json:"percent"`
	// Outcome is Passed for a step taken, Failed for a release turned off by its analysis,
	// Cancelled for one turned off by a person.
	Outcome Status `json:"outcome"`
	Reason  string `json:"reason,omitempty"`
	// Image is what runs in the environment: the code the flag lives in.
	Image oci.Image `json:"-"`
	Time  time.Time `json:"time"`
}

// PolicyResult is what one policy said about one traffic move, as the choke point reports it
// (MoveRecord.Policies, the PoliciesChecked event).
type PolicyResult struct {
	Policy string `json:"policy"`
	// Outcome is allow, hold or refuse.
	Outcome string `json:"outcome"`
	// Message says why; for a hold or a refusal, what would satisfy the policy.
	Message string `json:"message"`
}

// The outcomes of a PolicyResult.
const (
	PolicyAllow  = "allow"
	PolicyHold   = "hold"
	PolicyRefuse = "refuse"
)
