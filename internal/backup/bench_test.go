package backup_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/backup"
	"github.com/gather-coop/gather/internal/config"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/postgres"
	"github.com/gather-coop/gather/internal/store/sqlite"
	"github.com/gather-coop/gather/internal/store/storetest"
	"github.com/gather-coop/gather/migrations"
)

// The instance of the question: 50 gatherings, 5,000 followers and
// 20,000 RSVPs (400 of the followers answer each gathering).
const benchGatherings, benchFollowers, benchRSVPs = 50, 5000, 20000

// seedInstance builds that instance in a new data dir, with a 200 KiB
// picture in media/, and returns the dir.
func seedInstance(b *testing.B) string {
	b.Helper()
	ctx := app.CommandLine(context.Background())
	cfg, err := config.Load(nil, func(string) string { return "" })
	require.NoError(b, err)
	cfg.DataDir, cfg.BaseURL = b.TempDir(), "https://coop.example"
	inst, err := server.Open(ctx, cfg, slog.New(slog.DiscardHandler), "bench")
	require.NoError(b, err)
	defer inst.Close()
	_, err = inst.App.Setup(ctx, cfg.CoopHandle, "Co-op events")
	require.NoError(b, err)
	coop, err := inst.App.Actor(ctx, "events")
	require.NoError(b, err)

	// Published before anyone follows, so no deliveries wait in the queue.
	var gatherings []int64
	for i := range benchGatherings {
		in := app.GatheringInput{Title: fmt.Sprintf("Meet-up %d", i), Timezone: "Europe/London",
			StartsAt: "2027-05-01T10:00", EndsAt: "2027-05-01T17:00", Venue: &app.VenueInput{Name: "Co-op hall"},
			Description: "A day of workshops and talks, with lunch."}
		ref, err := inst.App.CreateGathering(ctx, "events", &in, true)
		require.NoError(b, err)
		gatherings = append(gatherings, ref.ID)
	}
	people := make([]int64, 0, benchFollowers)
	now := time.Now().UTC()
	require.NoError(b, inst.Store.InTx(ctx, func(tx store.Tx) error {
		for i := range benchFollowers {
			host := fmt.Sprintf("social%d.example", i%100)
			uri := fmt.Sprintf("https://%s/users/f%d", host, i)
			r, err := tx.RemoteActorUpsert(ctx, &model.RemoteActor{URI: uri, Host: host, Domain: host,
				Username: fmt.Sprintf("f%d", i), Name: fmt.Sprintf("Follower %d", i), Inbox: uri + "/inbox",
				SharedInbox: "https://" + host + "/inbox", KeyID: uri + "#main-key", PublicKeyPEM: fakePEM(), FetchedAt: now})
			if err != nil {
				return err
			}
			if _, err := tx.FollowUpsert(ctx, &store.FollowUpsertParams{ActorID: coop.ID, RemoteActorID: r.ID,
				FollowURI: uri + "/follow", State: model.FollowAccepted, CreatedAt: now}); err != nil {
				return err
			}
			people = append(people, r.ID)
		}
		for i := range benchRSVPs {
			g := i % benchGatherings
			person := people[(i/benchGatherings+g*100)%benchFollowers]
			if _, err := tx.RSVPSave(ctx, &model.RSVP{GatheringID: gatherings[g], RemoteActorID: &person,
				Status: model.RSVPGoing, Channel: model.ChannelPoll,
				ActivityURI: fmt.Sprintf("https://social.example/votes/%d", i), UpdatedAt: now}); err != nil {
				return err
			}
		}
		return nil
	}))
	require.NoError(b, os.MkdirAll(filepath.Join(cfg.DataDir, "media"), 0o750))
	picture := make([]byte, 200<<10)
	_, _ = rand.Read(picture)
	require.NoError(b, os.WriteFile(filepath.Join(cfg.DataDir, "media", "avatar.jpg"), picture, 0o640))
	return cfg.DataDir
}

// fakePEM is as long and as random as a real RSA-2048 public key's PEM.
func fakePEM() string {
	der := make([]byte, 294)
	_, _ = rand.Read(der)
	return "-----BEGIN PUBLIC KEY-----\n" + base64.StdEncoding.EncodeToString(der) + "\n-----END PUBLIC KEY-----\n"
}

// BenchmarkBackup backs that instance up; it reports the database's size
// and the backup file's. Run with
//
//	go test -run '^$' -bench 'Backup|Restore' -benchtime 5x ./internal/backup
func BenchmarkBackup(b *testing.B) {
	dir := seedInstance(b)
	file := filepath.Join(b.TempDir(), "backup.tar.gz")
	var res backup.Result
	for b.Loop() {
		var err error
		res, err = backup.Create(context.Background(), dir, file, "bench")
		require.NoError(b, err)
	}
	b.ReportMetric(float64(res.DatabaseBytes)/(1<<20), "db-MiB")
	b.ReportMetric(float64(res.Bytes)/(1<<20), "file-MiB")
}

// BenchmarkRestore restores it into a fresh data dir.
func BenchmarkRestore(b *testing.B) {
	dir := seedInstance(b)
	file := filepath.Join(b.TempDir(), "backup.tar.gz")
	_, err := backup.Create(context.Background(), dir, file, "bench")
	require.NoError(b, err)
	ms, err := migrations.List("sqlite")
	require.NoError(b, err)
	into := b.TempDir()
	i := 0
	for b.Loop() {
		i++
		_, err := backup.Restore(context.Background(), file, filepath.Join(into, fmt.Sprint(i)), migrations.Latest(ms))
		require.NoError(b, err)
	}
}

// BenchmarkCopyToPostgres copies that instance into an empty, migrated
// PostgreSQL database, as gather admin copy-to does (the migration is not
// timed). Run with
//
//	go test -run '^$' -bench CopyToPostgres -benchtime 3x ./internal/backup
func BenchmarkCopyToPostgres(b *testing.B) {
	ctx := context.Background()
	_ = storetest.PostgresURL(b) // skips without PostgreSQL, before the seeding
	dir := seedInstance(b)
	reader, err := sqlite.OpenReader(filepath.Join(dir, "gather.db"))
	require.NoError(b, err)
	defer reader.Close()
	var rep postgres.CopyReport
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		dst, err := postgres.Open(ctx, storetest.PostgresURL(b), store.JobsConfig{})
		require.NoError(b, err)
		require.NoError(b, dst.Migrate(ctx))
		b.StartTimer()
		rep, err = dst.CopyFromSQLite(ctx, reader)
		require.NoError(b, err)
		b.StopTimer()
		_ = dst.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(rep.Rows), "rows")
}
