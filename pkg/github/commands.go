package github

import (
	"fmt"
	"strings"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
)

// Commands wraps a pipeline to answer the workflow's commands: "run" runs the pipeline itself;
// "rollback ENV [REF]", "deploy ENV REF", "promote ENV" (the canary waiting for approval) and
// "abort ENV" (a rejected canary) act on one environment with images
// that GitHub's deployments recorded — verified again with v before they are deployed, never
// rebuilt.
//
// The command comes from the run's request (P.Command), which `greenlight run` decided on and
// validated: no environment variable is read here.
func (c *Client) Commands(v greenlight.Verifier, pipeline func(*greenlight.P)) func(*greenlight.P) {
	return func(p *greenlight.P) {
		in := p.Command()
		if in.Command == "" || in.Command == protocol.Run {
			pipeline(p)
			return
		}
		if err := in.Validate(); err != nil {
			p.Fatalf("%v", err)
		}
		cmd := struct{ Name, Env, Ref, RequestedBy string }{string(in.Command), in.Environment, in.Ref, in.RequestedBy}
		env := p.Env(cmd.Env)
		who := cmd.RequestedBy
		if who == "" {
			who = "someone"
		}
		switch cmd.Name {
		case "rollback":
			var rec *Record
			p.Stage("rollback-target", func(s *greenlight.Stage) error {
				var err error
				if rec, err = c.RollbackTarget(s.Context(), cmd.Env, cmd.Ref); err != nil {
					return err
				}
				s.Result("deployment %d: %s from %s", rec.ID, shortDigest(rec.Payload.Digest), short(rec.SHA))
				return nil
			})
			img := mustImage(p, rec)
			p.Redeploy(p.Verify(img, v), env, fmt.Sprintf("rollback requested by %s, to deployment %d", who, rec.ID))
		case "deploy":
			if cmd.Ref == "" {
				p.Fatalf("deploy needs a digest or a commit (the workflow's ref input)")
			}
			var rec *Record
			p.Stage("find-image", func(s *greenlight.Stage) error {
				var err error
				if rec, err = c.find(s, cmd.Ref); err != nil {
					return err
				}
				s.Result("%s, deployed to %s from %s", shortDigest(rec.Payload.Digest), rec.Environment, short(rec.SHA))
				return nil
			})
			img := mustImage(p, rec)
			p.Redeploy(p.Verify(img, v), env, fmt.Sprintf("deploy of %s requested by %s", cmd.Ref, who))
		case "abort":
			p.Abort(env, fmt.Sprintf("aborted by %s", who))
		case "promote":
			st, err := env.Target.State(p.Context())
			if err != nil {
				p.Fatalf("reading %s: %v", cmd.Env, err)
			}
			if st.Canary == nil {
				p.Fatalf("nothing to promote in %s: no canary is in progress there", cmd.Env)
			}
			// The approved digest is the one whose deployment waits in GitHub; the canary must be it.
			hist, err := c.History(p.Context(), cmd.Env, 5)
			if err != nil {
				p.Fatalf("reading %s's deployments: %v", cmd.Env, err)
			}
			for _, r := range hist {
				if r.State == "in_progress" && r.Payload.Digest != "" && r.Payload.Digest != st.Canary.Image.Digest() {
					p.Fatalf("the canary in %s is %s, but the deployment awaiting promotion is %s: nothing promoted", cmd.Env, st.Canary.Image.Short(), shortDigest(r.Payload.Digest))
				}
				if r.State == "in_progress" {
					break
				}
			}
			p.Promote(p.Verify(st.Canary.Image, v), env)
		}
	}
}

func mustImage(p *greenlight.P, rec *Record) greenlight.Image {
	img, err := greenlight.ParseImage(rec.Payload.Image)
	if err != nil {
		p.Fatalf("deployment %d records no usable image (%q): %v", rec.ID, rec.Payload.Image, err)
	}
	return img
}

// find looks through every environment's successful deployments for ref: a digest, a commit
// (7+ hex digits) or a ref name.
func (c *Client) find(s *greenlight.Stage, ref string) (*Record, error) {
	hist, err := c.History(s.Context(), "", 0)
	if err != nil {
		return nil, err
	}
	for _, r := range hist {
		if r.Succeeded && r.Payload.Image != "" && (r.Payload.Digest == ref || (len(ref) >= 7 && strings.HasPrefix(r.SHA, ref)) || r.Ref == ref) {
			return r, nil
		}
	}
	return nil, fmt.Errorf("no successful deployment of %q in any environment: deploy takes an image that passed somewhere first (a digest, a commit of 7+ hex digits, or a ref)", ref)
}
