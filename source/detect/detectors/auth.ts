import type { Detector, SignalMeta } from '../types.js';
import { createUsageDetector, usageSignal } from './usage/detector.js';
import { SERVER_LIBS, SERVER_PATTERNS, servesRequests } from './usage/servers.js';
import type { CodePattern, Lib } from './usage/spec.js';

const META: SignalMeta = { id: 'auth.library', title: 'Authentication library', passWhen: 'an authentication library or framework is in use' };

/**
 * Token libraries only authenticate when something verifies a token: group "aux"
 * patterns are prerequisites, never proof on their own. The "main" ones are
 * configuration only a security framework reads.
 */
const PATTERNS: CodePattern[] = [
  { id: 'jwt-verify', group: 'aux', label: 'a token verification call', langs: ['js', 'py'], literal: ['verify', 'decode'], regex: /\bjwt\.verify\(|\bjwtVerify\(|\bjwt\.decode\([^)]*(key|algorithms)/, span: 3 },
  { id: 'firebase-verify', group: 'aux', label: 'verifyIdToken/verifySessionCookie', langs: ['js', 'py'], literal: ['verifyIdToken', 'verify_id_token', 'verifySessionCookie', 'verify_session_cookie'], regex: /verify(IdToken|SessionCookie)\(|verify_(id_token|session_cookie)\(/ },
  { id: 'supabase-auth', group: 'aux', label: 'supabase.auth.getUser', langs: ['js', 'py'], literal: ['.auth.'], regex: /\.auth\.(getUser|get_user|getSession|get_session|getClaims)\(/ },
  { id: 'django-auth-app', label: "'django.contrib.auth' in INSTALLED_APPS", langs: ['py'], literal: ['django.contrib.auth'], regex: /["']django\.contrib\.auth["']/ },
  { id: 'drf-auth', label: 'DEFAULT_AUTHENTICATION_CLASSES', langs: ['py'], literal: ['DEFAULT_AUTHENTICATION_CLASSES'], regex: /DEFAULT_AUTHENTICATION_CLASSES/ },
  { id: 'spring-security-config', label: 'Spring Security configuration', langs: ['java', 'kotlin'], literal: ['SecurityFilterChain', '@EnableWebSecurity'], regex: /\bSecurityFilterChain\b|@EnableWebSecurity/ },
  ...SERVER_PATTERNS,
];

const LIBS: Lib[] = [
  // JS / TS
  { name: 'Passport', npm: ['passport', '@nestjs/passport', 'koa-passport', '@fastify/passport'] },
  { name: 'Auth.js / NextAuth', npm: ['next-auth', '@auth/*'] },
  { name: 'Lucia', npm: ['lucia', '@lucia-auth/*'] },
  { name: 'Better Auth', npm: ['better-auth'] },
  { name: 'Clerk', npm: ['@clerk/*'] },
  { name: 'Auth0', npm: ['@auth0/*', 'express-openid-connect', 'auth0'] },
  { name: 'Okta', npm: ['@okta/*'] },
  { name: 'MSAL / Entra ID', npm: ['@azure/msal-node', '@azure/msal-browser', '@azure/msal-react', 'passport-azure-ad'] },
  { name: 'Kinde', npm: ['@kinde-oss/*'] },
  { name: 'WorkOS', npm: ['@workos-inc/*'] },
  { name: 'Stack Auth', npm: ['@stackframe/*'] },
  { name: 'SuperTokens', npm: ['supertokens-node', 'supertokens-auth-react'] },
  { name: 'Keycloak', npm: ['keycloak-connect', 'keycloak-js'] },
  { name: 'Stytch', npm: ['stytch', '@stytch/*'] },
  { name: 'Descope', npm: ['@descope/*'] },
  { name: 'PropelAuth', npm: ['@propelauth/*'] },
  { name: 'Frontegg', npm: ['@frontegg/*'] },
  { name: 'openid-client', npm: ['openid-client', 'oidc-provider', 'oidc-client-ts'] },
  { name: 'Supabase Auth', npm: ['@supabase/ssr', '@supabase/auth-helpers-nextjs', '@supabase/auth-helpers-react', '@supabase/auth-js'] },
  { name: 'supabase-js auth', broad: true, npm: ['@supabase/supabase-js'], requires: 'supabase-auth' },
  { name: 'Firebase Auth', broad: true, npm: ['firebase'], js: ['firebase/auth', '@firebase/auth'] },
  { name: 'firebase-admin auth', broad: true, npm: ['firebase-admin'], js: ['firebase-admin/auth', 'firebase-admin'], requires: 'firebase-verify' },
  { name: 'NestJS JWT', npm: ['@nestjs/jwt'] },
  { name: 'express-jwt', npm: ['express-jwt', 'express-oauth2-jwt-bearer', 'koa-jwt'] },
  { name: 'Fastify auth', npm: ['@fastify/jwt', '@fastify/auth', '@fastify/oauth2'] },
  { name: 'Hono JWT', broad: true, npm: ['hono'], js: ['hono/jwt', 'hono/bearer-auth', 'hono/basic-auth'] },
  { name: 'iron-session', npm: ['iron-session'] },
  { name: 'jsonwebtoken (verify)', npm: ['jsonwebtoken'], requires: 'jwt-verify' },
  { name: 'jose (jwtVerify)', npm: ['jose'], requires: 'jwt-verify' },
  { name: 'express-session', npm: ['express-session', 'cookie-session'], weak: true },
  // Python
  { name: 'Django auth', broad: true, pypi: ['Django'], py: ['django.contrib.auth'] },
  { name: 'django-allauth', pypi: ['django-allauth'], py: ['allauth'] },
  { name: 'DRF SimpleJWT', pypi: ['djangorestframework-simplejwt'], py: ['rest_framework_simplejwt'] },
  { name: 'dj-rest-auth', pypi: ['dj-rest-auth'] },
  { name: 'django-oauth-toolkit', pypi: ['django-oauth-toolkit'], py: ['oauth2_provider'] },
  { name: 'Flask-Login', pypi: ['Flask-Login'] },
  { name: 'Flask-JWT-Extended', pypi: ['Flask-JWT-Extended'] },
  { name: 'Flask-Security', pypi: ['Flask-Security-Too', 'Flask-Security'], py: ['flask_security'] },
  { name: 'Flask-HTTPAuth', pypi: ['Flask-HTTPAuth'], py: ['flask_httpauth'] },
  { name: 'fastapi-users', pypi: ['fastapi-users'] },
  { name: 'Authlib', pypi: ['Authlib'], py: ['authlib'] },
  { name: 'python-jose', pypi: ['python-jose'], py: ['jose'] },
  { name: 'PyJWT (decode)', pypi: ['PyJWT'], py: ['jwt'], requires: 'jwt-verify' },
  { name: 'python-social-auth', pypi: ['social-auth-app-django', 'social-auth-core'], py: ['social_django', 'social_core'] },
  { name: 'python-keycloak', pypi: ['python-keycloak'], py: ['keycloak'] },
  { name: 'MSAL (Python)', pypi: ['msal'] },
  { name: 'firebase-admin auth (Python)', broad: true, pypi: ['firebase-admin'], py: ['firebase_admin.auth', 'firebase_admin'], requires: 'firebase-verify' },
  { name: 'Clerk (Python)', pypi: ['clerk-backend-api'], py: ['clerk_backend_api'] },
  { name: 'Auth0 (Python)', pypi: ['auth0-python'], py: ['auth0'] },
  { name: 'supabase auth (Python)', broad: true, pypi: ['supabase'], requires: 'supabase-auth' },
  // Go
  { name: 'golang-jwt', go: ['github.com/golang-jwt/jwt', 'github.com/dgrijalva/jwt-go'] },
  { name: 'jwx', go: ['github.com/lestrrat-go/jwx'] },
  { name: 'go-oidc', go: ['github.com/coreos/go-oidc'] },
  { name: 'Casbin', go: ['github.com/casbin/casbin'], npm: ['casbin'], pypi: ['casbin', 'pycasbin'] },
  { name: 'Authboss', go: ['github.com/volatiletech/authboss', 'github.com/aarondl/authboss'] },
  { name: 'Goth', go: ['github.com/markbates/goth'] },
  { name: 'gin-jwt', go: ['github.com/appleboy/gin-jwt'] },
  { name: 'echo-jwt', go: ['github.com/labstack/echo-jwt'] },
  { name: 'fiber jwt', go: ['github.com/gofiber/contrib/jwt', 'github.com/gofiber/jwt'] },
  { name: 'go-jwt-middleware', go: ['github.com/auth0/go-jwt-middleware'] },
  { name: 'keyfunc', go: ['github.com/MicahParks/keyfunc'] },
  { name: 'Ory', go: ['github.com/ory/client-go', 'github.com/ory/kratos-client-go'] },
  { name: 'Clerk (Go)', go: ['github.com/clerk/clerk-sdk-go'] },
  { name: 'go-pkgz/auth', go: ['github.com/go-pkgz/auth'] },
  { name: 'gorilla/sessions', go: ['github.com/gorilla/sessions'], weak: true },
  // Java / Kotlin
  { name: 'Spring Security', maven: ['org.springframework.boot:spring-boot-starter-security', 'org.springframework.boot:spring-boot-starter-oauth2-resource-server', 'org.springframework.boot:spring-boot-starter-oauth2-client', 'org.springframework.security:*'], jvm: ['org.springframework.security'], autoUse: true },
  { name: 'Keycloak (Java)', maven: ['org.keycloak:*'], jvm: ['org.keycloak'] },
  { name: 'pac4j', maven: ['org.pac4j:*'], jvm: ['org.pac4j'] },
  { name: 'Apache Shiro', maven: ['org.apache.shiro:*'], jvm: ['org.apache.shiro'] },
  { name: 'JJWT', maven: ['io.jsonwebtoken:*'], jvm: ['io.jsonwebtoken'] },
  { name: 'java-jwt', maven: ['com.auth0:java-jwt', 'com.auth0:jwks-rsa'], jvm: ['com.auth0.jwt', 'com.auth0.jwk'] },
  { name: 'Nimbus JOSE+JWT', maven: ['com.nimbusds:nimbus-jose-jwt'], jvm: ['com.nimbusds.jwt', 'com.nimbusds.jose'] },
  { name: 'Quarkus security', maven: ['io.quarkus:quarkus-oidc', 'io.quarkus:quarkus-smallrye-jwt', 'io.quarkus:quarkus-security*'], autoUse: true, jvm: ['io.quarkus.security', 'io.quarkus.oidc'] },
  { name: 'Micronaut Security', maven: ['io.micronaut.security:*'], jvm: ['io.micronaut.security'], autoUse: true },
  { name: 'Ktor auth', maven: ['io.ktor:ktor-server-auth*'], jvm: ['io.ktor.server.auth'] },
  ...SERVER_LIBS,
];

export const authDetector: Detector = createUsageDetector({
  id: 'auth',
  signals: [META],
  libs: LIBS,
  patterns: PATTERNS,
  evaluate(ctx) {
    return [
      usageSignal(ctx, {
        meta: META,
        what: 'authentication library',
        looked: 'Passport, Auth.js, Clerk, Auth0, Lucia, Better Auth, Django auth, Flask-Login, fastapi-users, Authlib, golang-jwt, go-oidc, Spring Security, Keycloak, …',
        absent: servesRequests(ctx)
          ? undefined
          : { status: 'not_applicable', summary: 'no server framework found: nothing serves requests that would need authentication' },
      }),
    ];
  },
});
