package github

import (
	"context"

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
