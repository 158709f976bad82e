package actions

import (
	"encoding/json"
	"fmt"
	"os"

	gh "github.com/google/go-github/v92/github"
)

// Event reads the event that triggered the workflow ($GITHUB_EVENT_NAME and the payload at
// $GITHUB_EVENT_PATH) into go-github's type: *github.PushEvent, *github.WorkflowRunEvent or
// *github.WorkflowDispatchEvent (others as go-github parses them).
func (r *Runtime) Event() (string, any, error) {
	name, path := r.getenv("GITHUB_EVENT_NAME"), r.getenv("GITHUB_EVENT_PATH")
	if name == "" || path == "" {
		return "", nil, fmt.Errorf("no event: $GITHUB_EVENT_NAME and $GITHUB_EVENT_PATH are set only in a GitHub Actions step")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return name, nil, fmt.Errorf("reading the event payload: %w", err)
	}
	ev, err := gh.ParseWebHook(name, b)
	if err != nil {
		return name, nil, fmt.Errorf("decoding the %s event: %w", name, err)
	}
	return name, ev, nil
}

// Commit is what an event asks to deploy.
type Commit struct {
	SHA, Ref, Author, Trigger string
	// Inputs are the workflow_dispatch inputs.
	Inputs map[string]string
}

// CommitOf extracts the commit to deploy from a push, workflow_run or workflow_dispatch event.
// A workflow_run that did not conclude with success is refused: its commit is not green.
func CommitOf(name string, ev any, sha, ref, actor string) (Commit, error) {
	c := Commit{SHA: sha, Ref: ref, Author: actor, Trigger: name}
	switch e := ev.(type) {
	case *gh.PushEvent:
		// On a push, GITHUB_SHA is the pushed commit too; the payload wins when it names one.
		if e.GetAfter() != "" {
			c.SHA = e.GetAfter()
		}
		if e.GetRef() != "" {
			c.Ref = e.GetRef()
		}
		if e.GetHeadCommit() != nil {
			c.Author = e.GetHeadCommit().GetAuthor().GetLogin()
			if c.Author == "" {
				c.Author = e.GetPusher().GetName()
			}
		}
		if e.GetDeleted() {
			return c, fmt.Errorf("the push deleted %s: nothing to deploy", c.Ref)
		}
	case *gh.WorkflowRunEvent:
		run := e.GetWorkflowRun()
		c.SHA, c.Ref, c.Author = run.GetHeadSHA(), "refs/heads/"+run.GetHeadBranch(), run.GetActor().GetLogin()
		if e.GetAction() != "completed" || run.GetConclusion() != "success" {
			return c, fmt.Errorf("workflow %q on %s ended %q, not success: the commit is not green, nothing is deployed",
				run.GetName(), short(c.SHA), run.GetConclusion())
		}
	case *gh.WorkflowDispatchEvent:
		c.Ref, c.Author = e.GetRef(), e.GetSender().GetLogin()
		c.Inputs = map[string]string{}
		var in map[string]any
		if len(e.Inputs) > 0 {
			if err := json.Unmarshal(e.Inputs, &in); err != nil {
				return c, fmt.Errorf("workflow_dispatch inputs: %w", err)
			}
		}
		for k, v := range in {
			c.Inputs[k] = fmt.Sprint(v)
		}
	default:
		return c, fmt.Errorf("greenlight runs on push, workflow_run and workflow_dispatch, not on %s", name)
	}
	if c.SHA == "" {
		return c, fmt.Errorf("the %s event names no commit", name)
	}
	return c, nil
}

func short(s string) string {
	if len(s) > 7 {
		return s[:7]
	}
	return s
}
