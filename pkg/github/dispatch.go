package github

import (
	"context"
	"fmt"

	gh "github.com/google/go-github/v92/github"

	"github.com/greenlight-cd/greenlight/pkg/protocol"
)

// Dispatch starts the deploy workflow (by file name) on ref with the command's inputs,
// validated first, and returns the run's URL when GitHub gives it. The workflow's run reads
// them back with protocol.ParseInputs: one type, written here and read there.
func (c *Client) Dispatch(ctx context.Context, workflow, ref string, inputs protocol.Inputs) (string, error) {
	if err := inputs.Validate(); err != nil {
		return "", err
	}
	in := map[string]any{}
	for k, v := range inputs.Map() {
		in[k] = v
	}
	var det *gh.WorkflowDispatchRunDetails
	err := c.call(ctx, "dispatching the workflow", func() (*gh.Response, error) {
		var resp *gh.Response
		var err error
		det, resp, err = c.gh.Actions.CreateWorkflowDispatchEventByFileName(ctx, c.owner, c.repo, workflow,
			gh.CreateWorkflowDispatchEventRequest{Ref: ref, Inputs: in, ReturnRunDetails: new(true)})
		return resp, err
	})
	if err != nil {
		return "", err
	}
	return det.GetHTMLURL(), nil
}

// DefaultBranch is the repository's default branch as GitHub says it (GET /repos/{owner}/{repo},
// which every token that can see the repository may read): where the deploy workflow's commands
// are dispatched and its decisions recorded.
func (c *Client) DefaultBranch(ctx context.Context) (string, error) {
	var r *gh.Repository
	err := c.call(ctx, "reading the repository", func() (*gh.Response, error) {
		var resp *gh.Response
		var err error
		r, resp, err = c.gh.Repositories.Get(ctx, c.owner, c.repo)
		return resp, err
	})
	if err != nil {
		return "", err
	}
	if r.GetDefaultBranch() == "" {
		return "", fmt.Errorf("GitHub names no default branch for %s (an empty repository?)", c.Repository())
	}
	return r.GetDefaultBranch(), nil
}
