package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/gather-coop/gather/internal/store"
)

// BenchmarkMigration0008 times the rebuild of migration 0008 (ids never
// reused) on a database at 0007 holding 1,000 gatherings, 10,000 sessions
// and 100,000 answers: the one-off pause of the upgrade.
func BenchmarkMigration0008(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		s, err := Open(ctx, filepath.Join(b.TempDir(), "gather.db"), store.JobsConfig{})
		if err != nil {
			b.Fatal(err)
		}
		if err := s.migrateTo(ctx, 7); err != nil {
			b.Fatal(err)
		}
		for _, q := range []string{
			`INSERT INTO actors (id, handle, kind, name, private_key_pem, public_key_pem, created_at)
			 VALUES (1, 'events', 'Group', 'Events', 'x', 'y', CURRENT_TIMESTAMP)`,
			`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
			 INSERT INTO gatherings (actor_id, title, timezone, starts_at, ends_at, status, created_at, updated_at)
			 SELECT 1, 'G' || i, 'Europe/London', '2027-01-01 10:00:00', '2027-01-01 17:00:00', 'published',
			        CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM n`,
			`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
			 INSERT INTO sessions (gathering_id, title, kind, starts_at, ends_at, created_at, updated_at)
			 SELECT 1 + i % 1000, 'S' || i, 'talk', '2027-01-01 10:00:00', '2027-01-01 11:00:00',
			        CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM n`,
			`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
			 INSERT INTO rsvps (gathering_id, session_id, guest_name, guest_key, status, channel, created_at, updated_at)
			 SELECT 1 + i % 1000, 1 + i % 10000, 'Sam', 'k' || i, 'going', 'web', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM n`,
		} {
			if _, err := s.write.ExecContext(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		if err := s.migrateTo(ctx, 8); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		_ = s.Close()
		b.StartTimer()
	}
}
