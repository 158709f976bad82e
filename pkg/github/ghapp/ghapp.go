// Package ghapp authenticates a github.Client as a GitHub App installation, for a long-running
// process such as the Slack bot: it mints installation tokens with a JWT signed by the App's
// key and mints the next one before each token's hour ends
// (github.com/bradleyfalzon/ghinstallation/v2). It is a package of its own so that a pipeline,
// which authenticates with the workflow's token, does not link it (nor the go-github version
// ghinstallation brings).
package ghapp

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/bradleyfalzon/ghinstallation/v2"

	"github.com/greenlight-cd/greenlight/pkg/github"
)

// App is a GitHub App installation's credentials: the App's ID, the installation's ID (the
// number at the end of the installation's settings URL) and the App's private key (PEM).
type App struct {
	ID, InstallationID int64
	PrivateKey         []byte
}

// New returns a client for repository authenticated as the App's installation, so that a
// long-running process never holds an expired token. What it records is by the App's bot (the
// client counts the App's own records: github.WithApp, unless opts name another).
// github.WithBaseURL and github.WithHTTPClient apply to the minting of tokens too; every call is
// bounded by the HTTP client's timeout (default a minute).
func New(app App, repository string, opts ...github.Option) (*github.Client, error) {
	if app.ID == 0 || app.InstallationID == 0 || len(app.PrivateKey) == 0 {
		return nil, errors.New("a GitHub App needs its App ID, installation ID and private key (GITHUB_APP_ID, GITHUB_APP_INSTALLATION_ID, GITHUB_APP_PRIVATE_KEY_FILE)")
	}
	baseURL, hc := github.Settings(opts...)
	base := http.DefaultTransport
	timeout := time.Minute
	if hc != nil {
		if hc.Transport != nil {
			base = hc.Transport
		}
		if hc.Timeout > 0 {
			timeout = hc.Timeout
		}
	}
	itr, err := ghinstallation.New(base, app.ID, app.InstallationID, app.PrivateKey)
	if err != nil {
		return nil, fmt.Errorf("the GitHub App's private key: %w (the .pem file GitHub gave when the key was generated)", err)
	}
	if baseURL != "" {
		itr.BaseURL = strings.TrimRight(baseURL, "/")
	}
	// Minting a token is an outbound call too: bounded like every other.
	itr.Client = &http.Client{Transport: base, Timeout: timeout}
	// The client is the App: its own records count (WithApp), unless the caller names another.
	return github.NewAuthenticated(repository, append(append([]github.Option{github.WithApp(app.ID)}, opts...), github.WithHTTPClient(&http.Client{Transport: itr, Timeout: timeout}))...)
}
