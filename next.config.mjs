/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The job queue loads its own parts at run time (presets, migrations' SQL files): required from node_modules, not bundled.
  serverExternalPackages: ["graphile-worker"],
};

export default nextConfig;
