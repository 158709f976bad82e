package runlog

import "os"

// Source is what a run deploys and who asked for it: the audit trail's "who, what, where".
type Source struct {
	Repository string `json:"repository,omitempty"`
	Commit     string `json:"commit,omitempty"`
	Ref        string `json:"ref,omitempty"`
	// Author is the commit's author or who triggered the release (a GitHub login).
	Author string `json:"author,omitempty"`
	// Actor is the account whose action started the run (who pushed, who dispatched), when
	// not the Author.
	Actor string `json:"actor,omitempty"`
	// RequestedBy is the person who asked for a command (a Slack user, the CLI's user), if any.
	RequestedBy string `json:"requested_by,omitempty"`
	// Thread is the Slack message (CHANNEL/TS) of the release a command continues, if any:
	// notifiers update it instead of starting a new one.
	Thread string `json:"thread,omitempty"`
	// Trigger is what started the run: push, workflow_run, workflow_dispatch, demo, cli.
	Trigger string `json:"trigger,omitempty"`
	RunURL  string `json:"run_url,omitempty"`
}

// SourceFromEnv is what a run deploys as the GitHub Actions variables describe it
// (GITHUB_REPOSITORY, GITHUB_SHA, GITHUB_REF, GITHUB_ACTOR, GITHUB_EVENT_NAME, the run's URL).
// Main uses it when the pipeline runs by itself, without `greenlight run`'s request; under
// `greenlight run` the request wins, because for a workflow_run GITHUB_SHA is the default
// branch's newest commit, not the one CI passed.
func SourceFromEnv() Source {
	get := os.Getenv
	s := Source{Repository: get("GITHUB_REPOSITORY"), Commit: get("GITHUB_SHA"), Ref: get("GITHUB_REF"),
		Author: get("GITHUB_ACTOR"), Trigger: get("GITHUB_EVENT_NAME")}
	if id := get("GITHUB_RUN_ID"); id != "" && s.Repository != "" {
		server := get("GITHUB_SERVER_URL")
		if server == "" {
			server = "https://github.com"
		}
		s.RunURL = server + "/" + s.Repository + "/actions/runs/" + id
	}
	return s
}

// Logger is what providers get to report progress.
type Logger interface {
	// Logf reports one line of progress, formatted as fmt.Sprintf does.
	Logf(format string, args ...any)
}

// Discard is a Logger that drops everything, like io.Discard.
var Discard Logger = discard{}

type discard struct{}

func (discard) Logf(string, ...any) {}
