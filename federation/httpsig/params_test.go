package httpsig_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/httpsig"
)

func TestParseSignature(t *testing.T) {
	t.Parallel()
	sig := []byte("signature bytes")
	const sigB64 = "c2lnbmF0dXJlIGJ5dGVz"
	tests := []struct {
		name    string
		header  string
		want    httpsig.Params
		wantErr string
	}{
		{
			name:   "mastodon",
			header: `keyId="https://m.example/users/a#main-key",algorithm="rsa-sha256",headers="(request-target) host date digest content-type",signature="` + sigB64 + `"`,
			want: httpsig.Params{KeyID: "https://m.example/users/a#main-key", Algorithm: "rsa-sha256",
				Headers: []string{"(request-target)", "host", "date", "digest", "content-type"}, Signature: sig},
		},
		{
			name:   "authorization scheme, spaces, upper-case names and algorithm",
			header: `Signature  KeyId = "k" , Algorithm="HS2019",  HEADERS="(Request-Target)  Host Date" ,signature="` + sigB64 + `"`,
			want:   httpsig.Params{KeyID: "k", Algorithm: "hs2019", Headers: []string{"(request-target)", "host", "date"}, Signature: sig},
		},
		{
			name:   "headers absent means date",
			header: `keyId="k",signature="` + sigB64 + `"`,
			want:   httpsig.Params{KeyID: "k", Headers: []string{"date"}, Signature: sig},
		},
		{
			name:   "comma inside a quoted value, unknown parameters, empty elements",
			header: `,keyId="https://x.example/a,b",foo="bar, baz",,signature="` + sigB64 + `",qux=1`,
			want:   httpsig.Params{KeyID: "https://x.example/a,b", Headers: []string{"date"}, Signature: sig},
		},
		{
			name:   "escaped quote",
			header: `keyId="a\"b\\c",signature="` + sigB64 + `"`,
			want:   httpsig.Params{KeyID: `a"b\c`, Headers: []string{"date"}, Signature: sig},
		},
		{
			name:   "created and expires, unquoted, with a fraction",
			header: `keyId="k",created=1800000000,expires=1800000300.5,headers="(created) (expires)",signature="` + sigB64 + `"`,
			want: httpsig.Params{KeyID: "k", Headers: []string{"(created)", "(expires)"}, Signature: sig,
				Created: time.Unix(1800000000, 0).UTC(), Expires: time.Unix(1800000300, 0).UTC()},
		},
		{
			name:   "unpadded base64",
			header: `keyId="k",signature="YWJjZA"`,
			want:   httpsig.Params{KeyID: "k", Headers: []string{"date"}, Signature: []byte("abcd")},
		},
		{
			name:   "first parameter named signature, with a space before '='",
			header: `signature ="` + sigB64 + `",keyId="k"`,
			want:   httpsig.Params{KeyID: "k", Headers: []string{"date"}, Signature: sig},
		},
		{name: "empty", header: "", wantErr: "keyId is missing"},
		{name: "no keyId", header: `signature="` + sigB64 + `"`, wantErr: "keyId is missing"},
		{name: "no signature", header: `keyId="k"`, wantErr: "signature is missing"},
		{name: "empty signature", header: `keyId="k",signature=""`, wantErr: "signature is missing"},
		{name: "bad base64", header: `keyId="k",signature="%%%"`, wantErr: "signature: not valid base64"},
		{name: "unterminated quote", header: `keyId="k",signature="abc`, wantErr: `parameter "signature": unterminated quoted value`},
		{name: "no value", header: `keyId,signature="abc"`, wantErr: `parameter "keyId" has no value`},
		{name: "empty token", header: `keyId=,signature="abc"`, wantErr: `parameter "keyId" has an empty value`},
		{name: "missing comma", header: `keyId="k" signature="abc"`, wantErr: `expected a comma after parameter "keyId"`},
		{name: "repeated", header: `keyId="k",keyId="j",signature="abc"`, wantErr: `parameter "keyId" repeated`},
		{name: "empty headers", header: `keyId="k",headers="",signature="` + sigB64 + `"`, wantErr: "headers is empty"},
		{name: "bad created", header: `keyId="k",created=-5,signature="` + sigB64 + `"`, wantErr: "created is not a Unix time"},
		{name: "bad expires", header: `keyId="k",expires="soon",signature="` + sigB64 + `"`, wantErr: "expires is not a Unix time"},
		{name: "stray equals", header: `=x`, wantErr: "expected a parameter name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := httpsig.ParseSignature(tt.header)
			if tt.wantErr != "" {
				require.EqualError(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			requireSameParams(t, tt.want, got)
		})
	}
}

// requireSameParams compares the exported fields of two Params.
func requireSameParams(t *testing.T, want, got httpsig.Params) {
	t.Helper()
	require.Equal(t, want.KeyID, got.KeyID)
	require.Equal(t, want.Algorithm, got.Algorithm)
	require.Equal(t, want.Headers, got.Headers)
	require.Equal(t, want.Signature, got.Signature)
	require.True(t, want.Created.Equal(got.Created), "created %v, want %v", got.Created, want.Created)
	require.True(t, want.Expires.Equal(got.Expires), "expires %v, want %v", got.Expires, want.Expires)
}

// FuzzParseSignature checks that ParseSignature never panics, that what it
// accepts has what Verify relies on, and that String writes it back in a
// form that parses to the same parameters.
func FuzzParseSignature(f *testing.F) {
	f.Add(`keyId="https://m.example/users/a#main-key",algorithm="rsa-sha256",headers="(request-target) host date digest",signature="c2ln"`)
	f.Add(`Signature keyId="k",signature="c2ln"`)
	f.Fuzz(func(t *testing.T, header string) {
		p, err := httpsig.ParseSignature(header)
		if err != nil {
			require.Empty(t, p.KeyID)
			return
		}
		require.NotEmpty(t, p.KeyID)
		require.NotEmpty(t, p.Signature)
		require.NotEmpty(t, p.Headers)
		again, err := httpsig.ParseSignature(p.String())
		require.NoError(t, err, "reparse %q", p.String())
		requireSameParams(t, p, again)
	})
}
