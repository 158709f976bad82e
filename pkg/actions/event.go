package actions

import (
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

func short(s string) string {
	if len(s) > 7 {
		return s[:7]
	}
	return s
}
