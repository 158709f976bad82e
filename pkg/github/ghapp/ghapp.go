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
	"sync"
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
	mint := func() (*ghinstallation.Transport, error) {
		itr, err := ghinstallation.New(base, app.ID, app.InstallationID, app.PrivateKey)
		if err != nil {
			return nil, fmt.Errorf("the GitHub App's private key: %w (the .pem file GitHub gave when the key was generated)", err)
		}
		if baseURL != "" {
			itr.BaseURL = strings.TrimRight(baseURL, "/")
		}
		// Minting a token is an outbound call too: bounded like every other.
		itr.Client = &http.Client{Transport: base, Timeout: timeout}
		return itr, nil
	}
	itr, err := mint()
	if err != nil {
		return nil, err
	}
	tr := &renewing{cur: itr, mint: mint}
	// The client is the App: its own records count (WithApp), unless the caller names another.
	return github.NewAuthenticated(repository, append(append([]github.Option{github.WithApp(app.ID)}, opts...), github.WithHTTPClient(&http.Client{Transport: tr, Timeout: timeout}))...)
}

// renewing is the installation's transport. ghinstallation mints the next token a minute before
// the current one's expires_at by this machine's clock; GitHub refuses a token by its own clock,
// and refuses one revoked before its hour (DELETE /installation/token, a changed installation)
// with 401 Bad credentials. On a 401 renewing mints a new token once and sends the request again
// with it, when the request's body can be sent again; a 401 with the new token is the answer.
type renewing struct {
	mu   sync.Mutex
	cur  *ghinstallation.Transport
	mint func() (*ghinstallation.Transport, error)
}

// RoundTrip implements http.RoundTripper.
func (r *renewing) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	used := r.cur
	r.mu.Unlock()
	resp, err := used.RoundTrip(req)
	if err != nil || resp.StatusCode != http.StatusUnauthorized || (req.Body != nil && req.Body != http.NoBody && req.GetBody == nil) {
		return resp, err
	}
	r.mu.Lock()
	if r.cur == used { // not renewed by another request meanwhile
		if next, merr := r.mint(); merr == nil {
			r.cur = next
		}
	}
	next := r.cur
	r.mu.Unlock()
	if next == used {
		return resp, nil
	}
	again := req.Clone(req.Context())
	if req.GetBody != nil {
		body, berr := req.GetBody()
		if berr != nil {
			return resp, nil
		}
		again.Body = body
	}
	resp.Body.Close()
	return next.RoundTrip(again)
}
