-- The Staff module's list tables: one row per specialist, one per skill (for "who has medoc at level 3 or more").
CREATE SCHEMA IF NOT EXISTS staff;

CREATE TABLE staff.specialists (
    id uuid PRIMARY KEY,
    version integer NOT NULL,
    name varchar(200) NOT NULL,
    search_name text NOT NULL,
    user_id varchar(200),
    qualification_grade integer NOT NULL,
    capacity integer NOT NULL,
    availability_status varchar(16) NOT NULL,
    available_until timestamptz,
    load integer NOT NULL,
    rating double precision NOT NULL,
    skills text NOT NULL
);
CREATE INDEX ix_staff_specialists_name ON staff.specialists (name, id);
CREATE INDEX ix_staff_specialists_availability ON staff.specialists (availability_status, available_until);

CREATE TABLE staff.specialist_skills (
    specialist_id uuid NOT NULL REFERENCES staff.specialists (id) ON DELETE CASCADE,
    code varchar(50) NOT NULL,
    level integer NOT NULL,
    PRIMARY KEY (specialist_id, code)
);
CREATE INDEX ix_staff_specialist_skills_code_level ON staff.specialist_skills (code, level);
