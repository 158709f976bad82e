package greenlight

import (
	"errors"
	"fmt"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/approval"
)

// Gate waits for env's approval of img, under the environment's approval rule
// (approval.Count). A gate never opens by default: without an approver, on a rejection, on a
// decision for another digest, or on an approval by the release's own people (unless
// Approval.AllowSelfApproval), the pipeline stops. Decisions already recorded for this digest
// (Approval.Decisions, WithDecisions) are used without asking again (a rejection stays final),
// and a new one is recorded there first: each person's first decision stands.
func (p *P) Gate(img SignedImage, env *Environment) approval.Decision {
	var d approval.Decision
	p.stage("gate", envName(env), func(s *Stage) error {
		env, err := p.env(env)
		if err != nil {
			return err
		}
		if !img.valid() {
			return errors.New("image is not signed: gates approve only signed images")
		}
		digest := img.img.Digest()
		ds := p.r.decisionsOf(env)
		all, err := ds.All(s.ctx, env.Name, digest)
		if err != nil {
			return fmt.Errorf("reading the decisions recorded for %s in %s: %w", img.img.Short(), env.Name, err)
		}
		if len(all) > 0 {
			s.Logf("a decision is already recorded for %s in %s: approved=%t by %s at %s", img.img.Short(), env.Name, all[0].Approved, approverName(all[0]), all[0].At.Format(time.RFC3339))
		} else {
			if env.Approval.Approver == nil {
				return fmt.Errorf("no approver for %s: set Approval.Approver (for example the Slack approver) or remove the gate", env.Name)
			}
			got, err := p.askApproval(s, env, img.img)
			if err != nil {
				return err
			}
			if got.Digest != digest {
				d = *got
				return fmt.Errorf("decision by %s is for %s, not for %s: ignored; ask again for this digest", got.By, got.Digest, digest)
			}
			if all, err = ds.All(s.ctx, env.Name, digest); err != nil {
				return fmt.Errorf("reading the decisions recorded for %s in %s: %w", img.img.Short(), env.Name, err)
			}
		}
		origin, err := p.originOf(s, env, img.img)
		if err != nil {
			return err
		}
		exclude := NotApprovers(p.r.cfg.src, origin)
		if env.Approval.AllowSelfApproval {
			exclude = nil
		}
		t := approval.Count(all, env.Name, digest, env.Approval.Counted(), exclude)
		switch {
		case t.Rejection != nil:
			d = *t.Rejection
			return fmt.Errorf("rejected by %s: %s", approverName(d), d.Reason)
		case !t.Met() && len(t.Excluded) > 0 && len(t.Approvals) == 0:
			d = t.Excluded[0]
			return fmt.Errorf("%s triggered this release and cannot approve it alone; another approver is needed", d.Who())
		case !t.Met():
			return fmt.Errorf("%s is not approved for %s: %s", img.img.Short(), env.Name, t)
		}
		d = *t.Deciding()
		s.Result("approved by %s at %s", approverName(d), d.At.Format(time.RFC3339))
		return nil
	})
	return d
}
