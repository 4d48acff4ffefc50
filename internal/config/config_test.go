package config_test

import (
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/config"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestDefaultsNeedNoConfiguration(t *testing.T) {
	t.Parallel()
	c, err := config.Load(nil, env(nil))
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1:8080", c.Listen)
	require.Equal(t, "http://localhost:8080", c.BaseURL)
	require.Equal(t, "./gather-data", c.DataDir)
	require.Empty(t, c.DatabaseURL)
	require.Equal(t, "events", c.CoopHandle)
	require.Equal(t, "localhost", c.CoopName)
	require.Equal(t, 12*time.Hour, c.SignatureMaxAge)
	require.False(t, c.AllowHTTP)
	require.False(t, c.AllowPrivateAddresses)
	require.Empty(t, c.TrustedProxies, "no proxy is believed unless named")
	require.Equal(t, "https://letsencrypt.org", c.ClockPeer)
}

func TestEnvironmentTwinsAndFlagsWin(t *testing.T) {
	t.Parallel()
	vars := env(map[string]string{
		"GATHER_LISTEN":                  "0.0.0.0:9000",
		"GATHER_BASE_URL":                "https://events.example.coop/",
		"GATHER_DATABASE_URL":            "postgres://gather@db/gather",
		"GATHER_ALLOW_HTTP":              "true",
		"GATHER_ALLOW_PRIVATE_ADDRESSES": "1",
		"GATHER_SIGNATURE_MAX_AGE":       "1h",
		"GATHER_COOP_HANDLE":             "Network",
		"GATHER_LOG_LEVEL":               "debug",
		"GATHER_TRUSTED_PROXIES":         "10.0.0.0/8, 127.0.0.1,::1",
	})
	c, err := config.Load([]string{"--listen", "127.0.0.1:7000", "--allow-http=false"}, vars)
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1:7000", c.Listen, "a flag beats its variable")
	require.False(t, c.AllowHTTP, "a flag beats its variable")
	require.Equal(t, "https://events.example.coop", c.BaseURL, "trailing slash trimmed")
	require.Equal(t, "postgres://gather@db/gather", c.DatabaseURL)
	require.True(t, c.AllowPrivateAddresses)
	require.Equal(t, time.Hour, c.SignatureMaxAge)
	require.Equal(t, "network", c.CoopHandle)
	require.Equal(t, "events.example.coop", c.CoopName)
	require.Equal(t, []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("127.0.0.1/32"),
		netip.MustParsePrefix("::1/128")}, c.TrustedProxies)
}

func TestBadConfigurationIsAUsageError(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		args []string
		env  map[string]string
		want string
	}{
		"unknown flag":           {args: []string{"--colour", "blue"}, want: "flag provided but not defined: -colour"},
		"malformed database URL": {args: []string{"--database-url", "postgres://%zz"}, want: "--database-url is malformed"},
		"other database":         {args: []string{"--database-url", "mysql://x/y"}, want: "only postgres:// is supported"},
		"listen without port":    {args: []string{"--listen", "localhost"}, want: "--listen"},
		"base URL with path":     {args: []string{"--base-url", "https://x.example/gather"}, want: "--base-url"},
		"base URL not http":      {args: []string{"--base-url", "ftp://x.example"}, want: "--base-url"},
		"bad handle":             {args: []string{"--coop-handle", "no spaces"}, want: "--coop-handle"},
		"bad log level":          {args: []string{"--log-level", "loud"}, want: "--log-level"},
		"bad trusted proxy":      {args: []string{"--trusted-proxies", "10.0.0.0/8, proxy.lan"}, want: `--trusted-proxies: "proxy.lan" is not an IP address`},
		"bad env bool":           {env: map[string]string{"GATHER_ALLOW_HTTP": "maybe"}, want: "GATHER_ALLOW_HTTP"},
		"bad env duration":       {env: map[string]string{"GATHER_SIGNATURE_MAX_AGE": "soon"}, want: "GATHER_SIGNATURE_MAX_AGE"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := config.Load(tc.args, env(tc.env))
			require.Error(t, err)
			require.True(t, config.IsUsage(err), "%v is a usage error", err)
			require.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestPasswordsStayOutOfErrors(t *testing.T) {
	t.Parallel()
	_, err := config.Load([]string{"--database-url", "mysql://user:s3cret@db/x"}, env(nil))
	require.Error(t, err)
	require.NotContains(t, err.Error(), "s3cret")
}

func TestDomainMakesTheBaseURLHTTPS(t *testing.T) {
	t.Parallel()
	c, err := config.Load([]string{"--domain", "Coop.Example."}, env(nil))
	require.NoError(t, err)
	require.Equal(t, "coop.example", c.Domain)
	require.Equal(t, "https://coop.example", c.BaseURL)
	require.Equal(t, "coop.example", c.CoopName)
	require.Equal(t, ":443", c.HTTPSListen)
	require.Equal(t, ":80", c.HTTPListen)
	require.Equal(t, config.LetsEncrypt, c.ACMEDirectory)

	c, err = config.Load(nil, env(map[string]string{"GATHER_DOMAIN": "coop.example", "GATHER_BASE_URL": "https://coop.example/"}))
	require.NoError(t, err, "a base URL that says the same is fine")
	require.Equal(t, "https://coop.example", c.BaseURL)
}

func TestDomainRefusesAProxySetupBesideIt(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		args []string
		env  map[string]string
		want string
	}{
		"another base URL":    {[]string{"--domain", "coop.example", "--base-url", "https://other.example"}, nil, "disagree"},
		"http base URL":       {[]string{"--domain", "coop.example"}, map[string]string{"GATHER_BASE_URL": "http://coop.example"}, "disagree"},
		"--listen too":        {[]string{"--domain", "coop.example", "--listen", "127.0.0.1:8080"}, nil, "--listen"},
		"GATHER_LISTEN too":   {[]string{"--domain", "coop.example"}, map[string]string{"GATHER_LISTEN": "127.0.0.1:8080"}, "--listen"},
		"a URL, not a domain": {[]string{"--domain", "https://coop.example"}, nil, "no scheme"},
		"a port":              {[]string{"--domain", "coop.example:443"}, nil, "no scheme, port"},
		"plain http ACME":     {[]string{"--domain", "coop.example", "--acme-directory", "http://ca.example/dir"}, nil, "https://"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := config.Load(tc.args, env(tc.env))
			require.Error(t, err)
			require.True(t, config.IsUsage(err))
			require.Contains(t, err.Error(), tc.want)
		})
	}
}
