// Package secrettest holds the secret values tests set the way the Action sets them, to check
// that none reaches a child process, a log or a report.
package secrettest

import "testing"

// Canaries are secret values by the names the Action's secrets have; none may reach a child
// process's environment, its output, the events or the report.
var Canaries = map[string]string{
	"GITHUB_TOKEN":                   "canary-ghtoken-5f1e2d",
	"COSIGN_KEY":                     "canary-cosignkey-77aa01",
	"COSIGN_PASSWORD":                "canary-cosignpw-3c4d5e",
	"ACTIONS_ID_TOKEN_REQUEST_TOKEN": "canary-oidc-9b8a7c",
	"SLACK_BOT_TOKEN":                "xoxb-canary-slack-1234",
	"DEPLOY_API_KEY":                 "canary-apikey-0f0f0f",
}

// Set sets every canary in t's environment for the rest of the test.
func Set(t *testing.T) {
	for k, v := range Canaries {
		t.Setenv(k, v)
	}
}
