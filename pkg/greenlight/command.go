package greenlight

import (
	"context"
	"fmt"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/protocol"
)

// Command is what a run was asked to do: the pipeline's own run on a green commit, or a
// command a person, the Slack bot or a schedule dispatched to one environment. The engine
// decides it once, when the run starts, from the run's request.
type Command struct {
	// Name is run, deploy, rollback, promote or abort.
	Name string `json:"name"`
	// Env is the environment a command acts on.
	Env string `json:"env,omitempty"`
	// Ref is the digest, commit or ref a deploy or rollback names.
	Ref string `json:"ref,omitempty"`
	// RequestedBy is who asked for it.
	RequestedBy string `json:"requested_by,omitempty"`
}

// automatic says whether the run is the pipeline's own path (a green commit), as opposed to
// a command a person asked for (Name "run").
func (c Command) automatic() bool { return c.Name == string(protocol.Run) }

// Releases finds the releases a command names in the ledger's records (pkg/github implements
// it over GitHub Deployments). The engine runs the commands; what they act on is verified again
// before it takes traffic, never rebuilt.
type Releases interface {
	// RollbackTarget is the release a rollback of env returns to: the one ref names (a digest,
	// a commit of 7+ hex digits or a ref), or, when ref is empty, the newest successful one
	// before what serves now.
	RollbackTarget(ctx context.Context, env, ref string) (Release, error)
	// Find is a release of ref that succeeded in any environment.
	Find(ctx context.Context, ref string) (Release, error)
	// AwaitingPromotion is the digest whose deploy waits for promotion in env, "" when none.
	AwaitingPromotion(ctx context.Context, env string) (digest string, err error)
}

// Release is one recorded release a command acts on.
type Release struct {
	// Record names the record it was found in, such as "deployment 42".
	Record string
	// Image is what was deployed, pinned by digest.
	Image oci.Image
	// Env is where it was deployed.
	Env string
	// Commit is the commit it was built from.
	Commit string
	// Served says whether the ledger verified that this release served all of Env's traffic
	// (a record Greenlight signed). A rollback goes only to such a release; a rollback to any
	// other moves as a deploy, with everything a deploy needs (approval, locks).
	Served bool
	// Untrusted names the records the lookup passed over because it could not verify them;
	// the run lists them ("not trusted: …").
	Untrusted []string
}

// WithCommands lets the run answer the deploy workflow's commands (deploy, rollback, promote,
// abort) itself, instead of calling the pipeline: releases finds what they name, and v
// verifies it again before it takes traffic. Without it, the pipeline is called for a command
// too (P.Command says which), and its moves are judged as the command's.
func WithCommands(releases Releases, v oci.Verifier) Option {
	return func(c *config) { c.releases, c.commandVerifier = releases, v }
}

// commandOf is the run's command, from its request's inputs.
func commandOf(in protocol.Inputs) Command {
	name := string(in.Command)
	if name == "" {
		name = string(protocol.Run)
	}
	return Command{Name: name, Env: in.Environment, Ref: in.Ref, RequestedBy: in.RequestedBy}
}

// automatic says whether this run is the pipeline's own path.
func (r *run) automatic() bool { return r.command.automatic() }

// runCommand carries out the run's command on one environment, instead of the pipeline.
func (p *P) runCommand() {
	r := p.r
	cmd := r.command
	if err := r.cfg.inputs.Validate(); err != nil {
		p.Fatalf("%v", err)
	}
	if r.cfg.commandVerifier == nil {
		p.Fatalf("greenlight.WithCommands needs a verifier: what a command deploys is verified again before it takes traffic")
	}
	rel, v := r.cfg.releases, r.cfg.commandVerifier
	env := p.Env(cmd.Env)
	who := cmd.RequestedBy
	if who == "" {
		who = "someone"
	}
	find := func(stage string, lookup func(ctx context.Context) (Release, error), result func(Release) string) Release {
		var found Release
		p.Stage(stage, func(s *Stage) error {
			var err error
			found, err = lookup(s.ctx)
			for _, u := range found.Untrusted {
				s.Logf("not trusted: %s", u)
			}
			p.r.mu.Lock()
			p.r.report.Untrusted = append(p.r.report.Untrusted, found.Untrusted...)
			p.r.mu.Unlock()
			if err != nil {
				return err
			}
			s.Result("%s", result(found))
			return nil
		})
		return found
	}
	switch protocol.Command(cmd.Name) {
	case protocol.Rollback:
		found := find("rollback-target", func(ctx context.Context) (Release, error) { return rel.RollbackTarget(ctx, cmd.Env, cmd.Ref) },
			func(r Release) string {
				if !r.Served {
					return fmt.Sprintf("%s: %s from %s, which Greenlight never recorded serving %s before what runs now (never, or only after it: a rollback only goes back): it moves as a deploy (approval, locks, policies)",
						r.Record, shortDigest(r.Image.Digest()), shortCommit(r.Commit), cmd.Env)
				}
				return fmt.Sprintf("%s: %s from %s", r.Record, shortDigest(r.Image.Digest()), shortCommit(r.Commit))
			})
		if found.Served {
			p.redeploy(p.Verify(found.Image, v), env, MoveRollback, fmt.Sprintf("rollback requested by %s", who))
		} else {
			p.redeploy(p.Verify(found.Image, v), env, MoveRedeploy, fmt.Sprintf("rollback to %s, not a release %s is known to have run, requested by %s", cmd.Ref, cmd.Env, who))
		}
	case protocol.Deploy:
		if cmd.Ref == "" {
			p.Fatalf("deploy needs a digest or a commit (the workflow's ref input)")
		}
		img := find("find-image", func(ctx context.Context) (Release, error) { return rel.Find(ctx, cmd.Ref) },
			func(r Release) string {
				return fmt.Sprintf("%s, deployed to %s from %s", shortDigest(r.Image.Digest()), r.Env, shortCommit(r.Commit))
			}).Image
		p.redeploy(p.Verify(img, v), env, MoveRedeploy, fmt.Sprintf("deploy of %s requested by %s", cmd.Ref, who))
	case protocol.Abort:
		p.Abort(env, fmt.Sprintf("aborted by %s", who))
	case protocol.Promote:
		st, err := env.Target.State(p.Context())
		if err != nil {
			p.Fatalf("reading %s: %v", cmd.Env, err)
		}
		if st.Canary == nil {
			p.Fatalf("nothing to promote in %s: no canary is in progress there", cmd.Env)
		}
		// The approved digest is the one whose deploy waits in the ledger; the canary must be it.
		waiting, err := rel.AwaitingPromotion(p.Context(), cmd.Env)
		if err != nil {
			p.Fatalf("reading %s's deployments: %v", cmd.Env, err)
		}
		if waiting != "" && waiting != st.Canary.Image.Digest() {
			p.Fatalf("the canary in %s is %s, but the deployment awaiting promotion is %s: nothing promoted", cmd.Env, st.Canary.Image.Short(), shortDigest(waiting))
		}
		p.Promote(p.Verify(st.Canary.Image, v), env)
	default:
		p.Fatalf("unknown command %q", cmd.Name)
	}
}

func shortDigest(d string) string {
	if len(d) > 19 {
		return d[:19]
	}
	return d
}

func shortCommit(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}
