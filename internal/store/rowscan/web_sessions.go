package rowscan

import "github.com/gather-coop/gather/internal/model"

// WebSessionColumns are the columns ScanWebSession reads: the session's,
// then its user's (join users on web_sessions.user_id).
const WebSessionColumns = `web_sessions.id, web_sessions.user_agent, web_sessions.created_at,
	web_sessions.last_seen_at, web_sessions.expires_at, ` + UserColumns

// ScanWebSession reads one row of WebSessionColumns.
func ScanWebSession(row Row) (model.WebSession, error) {
	var s model.WebSession
	u := &s.User
	err := row.Scan(&s.ID, &s.UserAgent, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt,
		&u.ID, &u.Username, &u.PasswordHash, &u.Role, &u.CreatedAt)
	return s, err
}
