-- The language a user chose with the language switch while signed in ('de', 'en'); NULL
-- until they choose. Mails to the user are in it; without it, in the tenant's default.
ALTER TABLE users ADD COLUMN locale TEXT;
