package sign

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/sigstore/sigstore-go/pkg/root"
	"github.com/sigstore/sigstore-go/pkg/verify"
	"github.com/sigstore/sigstore/pkg/cryptoutils"
)

// The annotations cosign's keyless signatures carry beside SignatureAnnotation.
const (
	CertificateAnnotation = "dev.sigstore.cosign/certificate"
	ChainAnnotation       = "dev.sigstore.cosign/chain"
	BundleAnnotation      = "dev.sigstore.cosign/bundle"
)

// GitHub's OIDC issuer, and the public-good Fulcio and Rekor.
const (
	GitHubIssuer = "https://token.actions.githubusercontent.com"
	PublicFulcio = "https://fulcio.sigstore.dev"
	PublicRekor  = "https://rekor.sigstore.dev"
)

var (
	oidIssuer   = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 57264, 1, 1}
	oidIssuerV2 = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 57264, 1, 8}
)

// TokenSource returns an OIDC ID token with the audience "sigstore".
type TokenSource func(ctx context.Context) (string, error)

// GitHubActionsToken asks a GitHub Actions runtime for the workflow's ID token: requestURL and
// requestToken are what the runner gives the job ($ACTIONS_ID_TOKEN_REQUEST_URL and
// $ACTIONS_ID_TOKEN_REQUEST_TOKEN, see GitHubActionsTokenFromEnv). The workflow needs
// `permissions: id-token: write`. The token is hidden in the job's log from then on with the
// ::add-mask:: workflow command, written to mask (the job's stdout; nil writes none).
func GitHubActionsToken(requestURL, requestToken string, mask io.Writer) TokenSource {
	return func(ctx context.Context) (string, error) {
		if requestURL == "" || requestToken == "" {
			return "", errors.New("no OIDC token: keyless signing needs the workflow's `permissions: id-token: write` (or sign with a key)")
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, requestURL+"&audience=sigstore", nil)
		if err != nil {
			return "", err
		}
		req.Header.Set("Authorization", "Bearer "+requestToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return "", fmt.Errorf("requesting the OIDC token: %w", err)
		}
		defer resp.Body.Close()
		var out struct {
			Value string `json:"value"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 || out.Value == "" {
			return "", fmt.Errorf("requesting the OIDC token: status %d", resp.StatusCode)
		}
		// Hide the token in the job's log from now on, as GitHub's toolkit does.
		if mask != nil {
			fmt.Fprintf(mask, "::add-mask::%s\n", out.Value)
		}
		return out.Value, nil
	}
}

// Keyless signs with a short-lived certificate for the caller's OIDC identity, as `cosign sign`
// does without a key: an ephemeral ECDSA key, a certificate from Fulcio, the signature recorded
// in Rekor. It implements oci.Signer; its Verifier accepts exactly its own identity.
type Keyless struct {
	Token       TokenSource
	FulcioURL   string
	RekorURL    string
	Client      *http.Client
	VerifyUsing *KeylessVerifier // what Verifier returns (the trusted roots and the identity)
	o           options
}

var _ oci.Signer = (*Keyless)(nil)

// NewKeyless returns a keyless signer.
func NewKeyless(token TokenSource, fulcioURL, rekorURL string, verify *KeylessVerifier, opts ...Option) *Keyless {
	return &Keyless{Token: token, FulcioURL: strings.TrimRight(fulcioURL, "/"), RekorURL: strings.TrimRight(rekorURL, "/"),
		Client: &http.Client{Timeout: 30 * time.Second}, VerifyUsing: verify, o: newOptions(opts)}
}

// Verifier implements oci.Signer.
func (k *Keyless) Verifier() oci.Verifier { return k.VerifyUsing }

func (k *Keyless) post(ctx context.Context, url string, body any, out any) error {
	return postJSON(ctx, k.Client, url, body, out)
}

// postJSON posts body as JSON and decodes a 2xx answer (at most 4 MiB) into out.
func postJSON(ctx context.Context, client *http.Client, url string, body any, out any) error {
	b, _ := json.Marshal(body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	rb, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s answered %d: %.300s", url, resp.StatusCode, rb)
	}
	return json.Unmarshal(rb, out)
}

func claim(token, name string) string {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return ""
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return ""
	}
	var c map[string]any
	json.Unmarshal(b, &c)
	s, _ := c[name].(string)
	return s
}

// certificate gets a token and a short-lived certificate from Fulcio for a new ephemeral key.
func (k *Keyless) certificate(ctx context.Context) (priv *ecdsa.PrivateKey, chain []string, token string, err error) {
	token, err = k.Token(ctx)
	if err != nil {
		return nil, nil, "", err
	}
	priv, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, "", err
	}
	pubPEM, _ := cryptoutils.MarshalPublicKeyToPEM(&priv.PublicKey)
	sub := claim(token, "sub")
	subSum := sha256.Sum256([]byte(sub))
	pop, _ := ecdsa.SignASN1(rand.Reader, priv, subSum[:])
	var fr struct {
		Detached *struct {
			Chain struct{ Certificates []string } `json:"chain"`
		} `json:"signedCertificateDetachedSct"`
		Embedded *struct {
			Chain struct{ Certificates []string } `json:"chain"`
		} `json:"signedCertificateEmbeddedSct"`
	}
	err = k.post(ctx, k.FulcioURL+"/api/v2/signingCert", map[string]any{
		"credentials":      map[string]any{"oidcIdentityToken": token},
		"publicKeyRequest": map[string]any{"publicKey": map[string]any{"algorithm": "ECDSA", "content": string(pubPEM)}, "proofOfPossession": base64.StdEncoding.EncodeToString(pop)},
	}, &fr)
	if err != nil {
		return nil, nil, "", fmt.Errorf("getting a signing certificate from Fulcio: %w", err)
	}
	switch {
	case fr.Embedded != nil:
		chain = fr.Embedded.Chain.Certificates
	case fr.Detached != nil:
		chain = fr.Detached.Chain.Certificates
	}
	if len(chain) == 0 {
		return nil, nil, "", errors.New("keyless: Fulcio returned no certificate")
	}
	return priv, chain, token, nil
}

// rekorEntry is one entry as Rekor v1 returns it.
type rekorEntry struct {
	Body           string `json:"body"`
	IntegratedTime int64  `json:"integratedTime"`
	LogID          string `json:"logID"`
	LogIndex       int64  `json:"logIndex"`
	Verification   struct {
		SignedEntryTimestamp string `json:"signedEntryTimestamp"`
		InclusionProof       *struct {
			Checkpoint string   `json:"checkpoint"`
			Hashes     []string `json:"hashes"`
			LogIndex   int64    `json:"logIndex"`
			RootHash   string   `json:"rootHash"`
			TreeSize   int64    `json:"treeSize"`
		} `json:"inclusionProof"`
	} `json:"verification"`
}

// logEntry records entry in the Rekor v1 log at rekorURL.
func logEntry(ctx context.Context, client *http.Client, rekorURL string, entry map[string]any) (rekorEntry, error) {
	var rr map[string]rekorEntry
	if err := postJSON(ctx, client, rekorURL+"/api/v1/log/entries", entry, &rr); err != nil {
		return rekorEntry{}, fmt.Errorf("recording the signature in Rekor: %w", err)
	}
	for _, e := range rr {
		return e, nil
	}
	return rekorEntry{}, errors.New("recording the signature in Rekor: empty answer")
}

// Format is the format this signer writes.
func (k *Keyless) Format() Format { return k.o.format }

// Sign implements oci.Signer, in the signer's format (a Sigstore bundle by default).
func (k *Keyless) Sign(ctx context.Context, img oci.Image) (oci.Signature, error) {
	return k.writer().sign(ctx, img)
}

// Attest signs an in-toto statement about img with a keyless certificate, logs it in Rekor and
// attaches it as a Sigstore bundle referrer, as `cosign attest` does.
func (k *Keyless) Attest(ctx context.Context, img oci.Image, predicateType string, predicate any) (string, error) {
	return k.writer().Attest(ctx, img, predicateType, predicate)
}

func (k *Keyless) writer() writer { return writer{keys: k, o: k.o} }

// signingKey implements keySource: an ephemeral key with a Fulcio certificate for the token's
// identity, every signature logged in Rekor.
func (k *Keyless) signingKey(ctx context.Context) (signingKey, error) {
	priv, chain, token, err := k.certificate(ctx)
	if err != nil {
		return signingKey{}, err
	}
	return signingKey{priv: priv, chain: chain, id: claim(token, "job_workflow_ref"), rekorURL: k.RekorURL, client: k.Client}, nil
}

// logDSSE records a DSSE envelope in Rekor (a dsse entry, verifier the certificate or public
// key PEM) and returns the bundle's log entry.
func logDSSE(ctx context.Context, client *http.Client, rekorURL string, envJSON, verifierPEM []byte) (tlogJSON, error) {
	e, err := logEntry(ctx, client, rekorURL, map[string]any{"apiVersion": "0.0.1", "kind": "dsse", "spec": map[string]any{"proposedContent": map[string]any{
		"envelope": string(envJSON), "verifiers": []string{base64.StdEncoding.EncodeToString(verifierPEM)}}}})
	if err != nil {
		return tlogJSON{}, err
	}
	return tlogFromRekor(e, "dsse", true)
}

// tlogFromRekor is a bundle's transparency log entry made from Rekor v1's answer; needProof
// requires the inclusion proof (bundles v0.2 and later), else the signed entry timestamp does.
func tlogFromRekor(e rekorEntry, kind string, needProof bool) (tlogJSON, error) {
	body, err1 := base64.StdEncoding.DecodeString(e.Body)
	logID, err2 := hex.DecodeString(e.LogID)
	set, err3 := base64.StdEncoding.DecodeString(e.Verification.SignedEntryTimestamp)
	if err := errors.Join(err1, err2, err3); err != nil || (needProof && e.Verification.InclusionProof == nil) {
		return tlogJSON{}, fmt.Errorf("the transparency log's answer has no usable entry (body, log ID, timestamp and inclusion proof): %v", err)
	}
	t := tlogJSON{LogIndex: itoa(e.LogIndex), LogID: logIDJSON{KeyID: logID}, KindVersion: kindVersionJSON{Kind: kind, Version: "0.0.1"},
		IntegratedTime: itoa(e.IntegratedTime), InclusionPromise: &setJSON{SignedEntryTimestamp: set}, CanonicalizedBody: body}
	p := e.Verification.InclusionProof
	if p == nil {
		return t, nil
	}
	root, err := hex.DecodeString(p.RootHash)
	if err != nil {
		return tlogJSON{}, fmt.Errorf("the transparency log's inclusion proof: %w", err)
	}
	pj := &proofJSON{LogIndex: itoa(p.LogIndex), RootHash: root, TreeSize: itoa(p.TreeSize), Hashes: [][]byte{}}
	pj.Checkpoint.Envelope = p.Checkpoint
	for _, h := range p.Hashes {
		hb, err := hex.DecodeString(h)
		if err != nil {
			return tlogJSON{}, fmt.Errorf("the transparency log's inclusion proof: %w", err)
		}
		pj.Hashes = append(pj.Hashes, hb)
	}
	t.InclusionProof = pj
	return t, nil
}

// Identity is the signer a keyless verifier accepts: the certificate's subject (for GitHub
// Actions, https://github.com/OWNER/REPO/.github/workflows/FILE@REF) and the OIDC issuer, each
// exact or as a regular expression (cosign's --certificate-identity-regexp and
// --certificate-oidc-issuer-regexp; like cosign's, a pattern matches anywhere unless anchored
// with ^ and $).
type Identity struct {
	Subject       string
	Issuer        string
	SubjectRegexp string
	IssuerRegexp  string
}

// String names the identity for messages.
func (id Identity) String() string {
	sub, iss := id.Subject, id.Issuer
	if sub == "" {
		sub = "/" + id.SubjectRegexp + "/"
	}
	if iss == "" {
		iss = "/" + id.IssuerRegexp + "/"
	}
	return sub + " from " + iss
}

// GitHubWorkflow is the identity of a workflow file of repo on ref (refs/heads/main).
func GitHubWorkflow(repo, workflowPath, ref string) Identity {
	return Identity{Subject: "https://github.com/" + repo + "/" + strings.TrimPrefix(workflowPath, "/") + "@" + ref, Issuer: GitHubIssuer}
}

// KeylessVerifier accepts keyless signatures whose certificate chains to Roots, whose Rekor
// entry is signed by RekorKey and shows the signature was made while the certificate was valid,
// and whose identity is Identity. It implements oci.Verifier. Sigstore bundles are
// checked with sigstore-go (inclusion proof, signed checkpoint and entry timestamp included);
// legacy signatures with the entry timestamp cosign stores beside them.
type KeylessVerifier struct {
	Roots    *x509.CertPool
	RekorKey *ecdsa.PublicKey
	Identity Identity
	trust    root.TrustedMaterial
	o        options
}

var _ oci.Verifier = (*KeylessVerifier)(nil)

// NewKeylessVerifier reads Fulcio's root certificates and Rekor's public key (PEM).
func NewKeylessVerifier(rootsPEM, rekorKeyPEM []byte, id Identity, opts ...Option) (*KeylessVerifier, error) {
	certs, err := cryptoutils.UnmarshalCertificatesFromPEM(rootsPEM)
	if err != nil || len(certs) == 0 {
		return nil, errors.New("no Fulcio root certificate in the PEM given")
	}
	pk, err := cryptoutils.UnmarshalPEMToPublicKey(rekorKeyPEM)
	if err != nil {
		return nil, fmt.Errorf("keyless: Rekor public key: %w", err)
	}
	ec, ok := pk.(*ecdsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("keyless: Rekor public key %T: want ECDSA", pk)
	}
	der, _ := x509.MarshalPKIXPublicKey(ec)
	logID := sha256.Sum256(der)
	var cas []root.CertificateAuthority
	for _, c := range certs {
		cas = append(cas, &root.FulcioCertificateAuthority{Root: c})
	}
	tr, err := root.NewTrustedRoot(root.TrustedRootMediaType01, cas, nil, nil, map[string]*root.TransparencyLog{
		// A bare key (cosign's SIGSTORE_REKOR_PUBLIC_KEY) carries no validity period: trust it for
		// any time, as cosign does.
		hex.EncodeToString(logID[:]): {ID: logID[:], HashFunc: crypto.SHA256, PublicKey: ec, SignatureHashFunc: crypto.SHA256, ValidityPeriodStart: time.Unix(1, 0)}})
	if err != nil {
		return nil, err
	}
	return newKeylessVerifier(tr, id, opts)
}

// NewKeylessVerifierFromTrustedRoot reads Sigstore's trusted_root.json (what cosign's
// --trusted-root takes, `cosign trusted-root create` writes, and TUF distributes).
func NewKeylessVerifierFromTrustedRoot(trustedRootJSON []byte, id Identity, opts ...Option) (*KeylessVerifier, error) {
	tr, err := root.NewTrustedRootFromJSON(trustedRootJSON)
	if err != nil {
		return nil, fmt.Errorf("trusted root: %w", err)
	}
	return newKeylessVerifier(tr, id, opts)
}

func newKeylessVerifier(tr *root.TrustedRoot, id Identity, opts []Option) (*KeylessVerifier, error) {
	if (id.Subject == "" && id.SubjectRegexp == "") || (id.Issuer == "" && id.IssuerRegexp == "") {
		return nil, errors.New("keyless verification needs the signer's identity: subject (the workflow) and OIDC issuer, exact or as patterns")
	}
	v := &KeylessVerifier{Roots: x509.NewCertPool(), Identity: id, trust: tr, o: newOptions(opts)}
	for _, ca := range tr.FulcioCertificateAuthorities() {
		if f, ok := ca.(*root.FulcioCertificateAuthority); ok {
			v.Roots.AddCert(f.Root)
		}
	}
	for _, l := range tr.RekorLogs() {
		if ec, ok := l.PublicKey.(*ecdsa.PublicKey); ok {
			v.RekorKey = ec
			break
		}
	}
	if v.RekorKey == nil {
		return nil, errors.New("trusted root: no ECDSA Rekor log key; keyless signatures are checked against the transparency log")
	}
	if _, err := v.Identity.matcher(); err != nil {
		return nil, err
	}
	return v, nil
}

// identityMatcher matches certificates against an Identity.
type identityMatcher struct {
	id           Identity
	subRE, issRE *regexp.Regexp
	policy       verify.PolicyOption
}

func (id Identity) matcher() (*identityMatcher, error) {
	if (id.Subject == "" && id.SubjectRegexp == "") || (id.Issuer == "" && id.IssuerRegexp == "") {
		return nil, errors.New("keyless verification needs the signer's identity: subject (the workflow) and OIDC issuer, exact or as patterns")
	}
	m := &identityMatcher{id: id}
	var err error
	if id.SubjectRegexp != "" {
		if m.subRE, err = regexp.Compile(id.SubjectRegexp); err != nil {
			return nil, fmt.Errorf("identity pattern %q: %w", id.SubjectRegexp, err)
		}
	}
	if id.IssuerRegexp != "" {
		if m.issRE, err = regexp.Compile(id.IssuerRegexp); err != nil {
			return nil, fmt.Errorf("issuer pattern %q: %w", id.IssuerRegexp, err)
		}
	}
	ci, err := verify.NewShortCertificateIdentity(id.Issuer, id.IssuerRegexp, id.Subject, id.SubjectRegexp)
	if err != nil {
		return nil, err
	}
	m.policy = verify.WithCertificateIdentity(ci)
	return m, nil
}

// subject returns the certificate subject that matches, or "".
func (m *identityMatcher) subject(subjects []string) string {
	for _, sub := range subjects {
		if (m.id.Subject != "" && sub == m.id.Subject) || (m.id.Subject == "" && m.subRE.MatchString(sub)) {
			return sub
		}
	}
	return ""
}

func (m *identityMatcher) issuer(iss string) bool {
	return (m.id.Issuer != "" && iss == m.id.Issuer) || (m.id.Issuer == "" && m.issRE.MatchString(iss))
}

// explain says why cert's identity is not the one wanted, or "" if it is.
func (m *identityMatcher) explain(cert *x509.Certificate) string {
	subjects := certSubjects(cert)
	if m.subject(subjects) == "" {
		want := m.id.Subject
		if want == "" {
			want = "/" + m.id.SubjectRegexp + "/"
		}
		return fmt.Sprintf("signed by %s, not by %s", clean(strings.Join(subjects, ", ")), want)
	}
	if iss := issuerOf(cert); !m.issuer(iss) {
		want := m.id.Issuer
		if want == "" {
			want = "/" + m.id.IssuerRegexp + "/"
		}
		return fmt.Sprintf("identity issued by %q, not by %q", clean(iss), want)
	}
	return ""
}

func certSubjects(cert *x509.Certificate) []string {
	var subjects []string
	for _, u := range cert.URIs {
		subjects = append(subjects, u.String())
	}
	return append(subjects, cert.EmailAddresses...)
}

func (v *KeylessVerifier) verifierOptions() []verify.VerifierOption {
	o := []verify.VerifierOption{verify.WithTransparencyLog(1), verify.WithIntegratedTimestamps(1)}
	if len(v.trust.CTLogs()) > 0 {
		o = append(o, verify.WithSignedCertificateTimestamps(1))
	}
	return o
}

// Verify implements oci.Verifier: the Sigstore bundles among img's referrers first, then
// the legacy .sig tag.
func (v *KeylessVerifier) Verify(ctx context.Context, img oci.Image) (oci.Signature, error) {
	tag, err := SigTag(img)
	if err != nil {
		return oci.Signature{}, err
	}
	m0, err := v.Identity.matcher()
	if err != nil {
		return oci.Signature{}, err
	}
	sig, reasons, nb, err := verifyBundles(ctx, img, v.o, CosignSignPredicateType, func(fb fetchedBundle) (string, error) {
		res, err := checkBundle(fb, img, v.trust, v.verifierOptions(), m0.policy, CosignSignPredicateType)
		if err != nil {
			if c := bundleCertificate(fb.raw); c != nil && strings.Contains(err.Error(), "another identity") {
				if why := m0.explain(c); why != "" {
					return "", errors.New(why)
				}
			}
			return "", err
		}
		if res.Signature != nil && res.Signature.Certificate != nil {
			return clean(res.Signature.Certificate.SubjectAlternativeName), nil
		}
		return v.Identity.Subject, nil
	})
	if err != nil || sig.Ref != "" {
		return sig, err
	}
	si, m, err := fetchSignatures(ctx, img, tag, v.o)
	if err != nil {
		return oci.Signature{}, err
	}
	if m == nil && nb == 0 {
		return oci.Signature{}, noSignature(img, tag.String())
	}
	var layers []v1.Descriptor
	if m != nil {
		layers = m.Layers
	}
	for i, d := range layers {
		certPEM := d.Annotations[CertificateAnnotation]
		if certPEM == "" || d.MediaType != SimpleSigningMediaType {
			continue
		}
		layer, err := si.LayerByDigest(d.Digest)
		if err != nil {
			reasons = append(reasons, fmt.Sprintf("signature %d: %v", i+1, err))
			continue
		}
		pl, err := readAll(layer)
		if err != nil {
			reasons = append(reasons, fmt.Sprintf("signature %d: %v", i+1, err))
			continue
		}
		subject, err := v.checkLegacy(m0, img, pl, d.Annotations)
		if err != nil {
			reasons = append(reasons, fmt.Sprintf("signature %d: %v", i+1, err))
			continue
		}
		return oci.Signature{Ref: tag.String(), KeyID: subject, Format: string(FormatLegacy)}, nil
	}
	if m != nil && len(reasons) == nb {
		reasons = append(reasons, "no keyless (certificate) signatures at "+tag.String())
	}
	return oci.Signature{}, fmt.Errorf("keyless verification failed for %s (want %s): %s", img.Short(), v.Identity, strings.Join(reasons, "; "))
}

// VerifyAttestation returns the statement of img's attestation of predicateType signed by the
// trusted identity, or says why there is none.
func (v *KeylessVerifier) VerifyAttestation(ctx context.Context, img oci.Image, predicateType string) (Statement, error) {
	m, err := v.Identity.matcher()
	if err != nil {
		return Statement{}, err
	}
	return attestation(ctx, img, v.o, predicateType, v.Identity.String(), func(fb fetchedBundle) error {
		_, err := checkBundle(fb, img, v.trust, v.verifierOptions(), m.policy, predicateType)
		if c := bundleCertificate(fb.raw); err != nil && c != nil && strings.Contains(err.Error(), "another identity") {
			if why := m.explain(c); why != "" {
				return errors.New(why)
			}
		}
		return err
	})
}

// checkLegacy verifies one legacy keyless signature (with sigstore-go, see checkLegacy) and
// returns the certificate's subject.
func (v *KeylessVerifier) checkLegacy(m *identityMatcher, img oci.Image, pl []byte, ann map[string]string) (string, error) {
	blk, _ := pem.Decode([]byte(ann[CertificateAnnotation]))
	if blk == nil {
		return "", errors.New("certificate is not PEM")
	}
	cert, err := x509.ParseCertificate(blk.Bytes)
	if err != nil {
		return "", fmt.Errorf("certificate: %w", err)
	}
	if err := checkLegacy(pl, ann, img, v.trust, v.verifierOptions(), m.policy, true); err != nil {
		if why := m.explain(cert); why != "" && strings.Contains(err.Error(), "another identity") {
			return "", errors.New(why)
		}
		return "", err
	}
	return clean(m.subject(certSubjects(cert))), nil
}

func issuerOf(cert *x509.Certificate) string {
	for _, e := range cert.Extensions {
		switch {
		case e.Id.Equal(oidIssuerV2):
			var s string
			if _, err := asn1.Unmarshal(e.Value, &s); err == nil {
				return s
			}
		case e.Id.Equal(oidIssuer):
			return string(e.Value)
		}
	}
	return ""
}

func contains(s []string, x string) bool {
	for _, e := range s {
		if e == x {
			return true
		}
	}
	return false
}
