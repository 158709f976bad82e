package sigstorefake

import (
	"fmt"
	neturlpkg "net/url"
)

type neturl = neturlpkg.URL

// url is the certificate's subject: https://github.com/<job_workflow_ref>, as Fulcio makes it
// for GitHub Actions tokens.
func url(claims map[string]any) (*neturl, error) {
	ref, _ := claims["job_workflow_ref"].(string)
	if ref == "" {
		return nil, fmt.Errorf("token has no job_workflow_ref")
	}
	return neturlpkg.Parse("https://github.com/" + ref)
}
