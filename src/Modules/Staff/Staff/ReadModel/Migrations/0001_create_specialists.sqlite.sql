-- The Staff module's list tables; ids are lower-case uuid text, times unix milliseconds.
CREATE TABLE staff_specialists (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    search_name TEXT NOT NULL,
    user_id TEXT,
    qualification_grade INTEGER NOT NULL,
    capacity INTEGER NOT NULL,
    availability_status TEXT NOT NULL,
    available_until INTEGER,
    load INTEGER NOT NULL,
    rating REAL NOT NULL,
    skills TEXT NOT NULL
);
CREATE INDEX ix_staff_specialists_name ON staff_specialists (name, id);
CREATE INDEX ix_staff_specialists_availability ON staff_specialists (availability_status, available_until);

CREATE TABLE staff_specialist_skills (
    specialist_id TEXT NOT NULL REFERENCES staff_specialists (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    level INTEGER NOT NULL,
    PRIMARY KEY (specialist_id, code)
);
CREATE INDEX ix_staff_specialist_skills_code_level ON staff_specialist_skills (code, level);
