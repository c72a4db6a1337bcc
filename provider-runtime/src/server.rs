//! Serving Terraform's plugin protocol 6 as go-plugin expects it: a gRPC server on
//! 127.0.0.1, the handshake line on stdout, TLS with the certificate Terraform gives
//! (AutoMTLS), the provider service and go-plugin's controller, stdio and broker services.

use std::collections::HashMap;
use std::net::Ipv4Addr;
use std::pin::Pin;
use std::sync::Arc;

use tokio::sync::{mpsc, watch};
use tokio_stream::wrappers::{ReceiverStream, TcpListenerStream, WatchStream};
use tokio_stream::{Stream, StreamExt};
use tonic::{Request, Response, Status};

use crate::diag::{self, Diagnostics};
use crate::proto::plugin;
use crate::proto::tfplugin6 as tf;
use crate::provider::TwilioProvider;
use crate::resource::{GenericDataSource, GenericResource};
use crate::value::{Dyn, TyValues};

/// Why serving failed.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// go-plugin's core protocol version.
const CORE_PROTOCOL: u32 = 1;
/// The plugin protocol served.
const PROTOCOL: u32 = 6;

/// The handshake line go-plugin reads from the plugin's stdout: core protocol, plugin
/// protocol, where to connect, and the server's certificate (DER, base64 without padding;
/// empty without TLS).
pub fn handshake_line(addr: std::net::SocketAddr, cert_der: Option<&[u8]>) -> String {
    use base64::Engine;
    let cert = cert_der
        .map(|der| base64::engine::general_purpose::STANDARD_NO_PAD.encode(der))
        .unwrap_or_default();
    format!("{CORE_PROTOCOL}|{PROTOCOL}|tcp|{addr}|grpc|{cert}")
}

/// Serves `provider` until Terraform stops it (the controller's Shutdown).
pub async fn serve(provider: TwilioProvider) -> Result<(), Error> {
    let (stop, mut stopped) = watch::channel(false);
    let served = Arc::new(Served::new(provider, stop));
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
    let addr = listener.local_addr()?;
    let tls = match std::env::var("PLUGIN_CLIENT_CERT") {
        Ok(pem) if !pem.trim().is_empty() => Some(tls::Tls::new(&pem)?),
        _ => None,
    };
    let router = tonic::transport::Server::builder()
        .add_service(tf::provider_server::ProviderServer::from_arc(
            served.clone(),
        ))
        .add_service(plugin::grpc_controller_server::GrpcControllerServer::from_arc(served.clone()))
        .add_service(plugin::grpc_stdio_server::GrpcStdioServer::from_arc(
            served.clone(),
        ))
        .add_service(plugin::grpc_broker_server::GrpcBrokerServer::from_arc(
            served.clone(),
        ));
    let shutdown = async move {
        let _ = stopped.wait_for(|stop| *stop).await;
    };
    // The listener is bound: Terraform may connect as soon as it reads this line.
    {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "{}",
            handshake_line(addr, tls.as_ref().map(|t| t.cert_der.as_slice()))
        )?;
        out.flush()?;
    }
    match tls {
        None => {
            router
                .serve_with_incoming_shutdown(TcpListenerStream::new(listener), shutdown)
                .await?
        }
        Some(tls) => {
            router
                .serve_with_incoming_shutdown(tls.incoming(listener), shutdown)
                .await?
        }
    }
    Ok(())
}

/// What the services share: the provider, its resources and data sources by type name.
struct Served {
    provider: TwilioProvider,
    provider_schema: Option<tf::Schema>,
    resources: HashMap<String, GenericResource>,
    data_sources: HashMap<String, GenericDataSource>,
    /// What went wrong reading the generated definition, reported with the schema.
    init: Diagnostics,
    stop: watch::Sender<bool>,
}

type Boxed<T> = Pin<Box<dyn Stream<Item = Result<T, Status>> + Send + 'static>>;

impl Served {
    fn new(provider: TwilioProvider, stop: watch::Sender<bool>) -> Self {
        let mut init = Diagnostics::default();
        let provider_schema = provider.schema(&mut init);
        let resources = provider.resources(&mut init);
        let data_sources = provider.data_sources(&mut init);
        Served {
            provider,
            provider_schema,
            resources,
            data_sources,
            init,
            stop,
        }
    }

    fn resource(&self, diags: &mut Diagnostics, name: &str) -> Option<&GenericResource> {
        let r = self.resources.get(name);
        if r.is_none() {
            diag::root(
                diags,
                format!("The provider has no resource type `{name}`"),
                "Terraform asked for a resource type the provider's schema does not list.",
            );
        }
        r
    }

    /// A stream that sends nothing and ends when the plugin stops.
    fn until_stopped<T: Send + 'static>(&self) -> Boxed<T> {
        let stream = WatchStream::new(self.stop.subscribe())
            .take_while(|stop| !*stop)
            .filter_map(|_| None::<Result<T, Status>>);
        Box::pin(stream)
    }
}

/// Decodes a value Terraform sent (MessagePack, or JSON); a missing value is null.
fn decode(v: Option<tf::DynamicValue>, diags: &mut Diagnostics, what: &str) -> Option<Dyn> {
    let Some(v) = v else {
        return Some(Dyn::Null);
    };
    let decoded = if !v.msgpack.is_empty() {
        rmp_serde::from_slice(&v.msgpack).map_err(|e| e.to_string())
    } else if !v.json.is_empty() {
        serde_json::from_slice(&v.json).map_err(|e| e.to_string())
    } else {
        Ok(Dyn::Null)
    };
    match decoded {
        Ok(v) => Some(v),
        Err(e) => {
            diag::root(diags, format!("Cannot read the {what} Terraform sent"), e);
            None
        }
    }
}

/// Encodes a value for Terraform (MessagePack).
fn encode(v: &Dyn, diags: &mut Diagnostics) -> Option<tf::DynamicValue> {
    match rmp_serde::to_vec_named(v) {
        Ok(msgpack) => Some(tf::DynamicValue {
            msgpack,
            json: Vec::new(),
        }),
        Err(e) => {
            diag::root(diags, "Cannot encode a value for Terraform", e.to_string());
            None
        }
    }
}

fn capabilities() -> tf::ServerCapabilities {
    tf::ServerCapabilities {
        plan_destroy: true,
        get_provider_schema_optional: false,
        move_resource_state: false,
    }
}

type Answer<T> = Result<Response<T>, Status>;

#[tonic::async_trait]
impl tf::provider_server::Provider for Served {
    async fn get_metadata(
        &self,
        _request: Request<tf::get_metadata::Request>,
    ) -> Answer<tf::get_metadata::Response> {
        let mut resources: Vec<_> = self.resources.keys().cloned().collect();
        resources.sort();
        let mut data_sources: Vec<_> = self.data_sources.keys().cloned().collect();
        data_sources.sort();
        Ok(Response::new(tf::get_metadata::Response {
            server_capabilities: Some(capabilities()),
            diagnostics: self.init.items.clone(),
            data_sources: data_sources
                .into_iter()
                .map(|type_name| tf::get_metadata::DataSourceMetadata { type_name })
                .collect(),
            resources: resources
                .into_iter()
                .map(|type_name| tf::get_metadata::ResourceMetadata { type_name })
                .collect(),
            functions: Vec::new(),
        }))
    }

    async fn get_provider_schema(
        &self,
        _request: Request<tf::get_provider_schema::Request>,
    ) -> Answer<tf::get_provider_schema::Response> {
        Ok(Response::new(tf::get_provider_schema::Response {
            provider: self.provider_schema.clone(),
            resource_schemas: self
                .resources
                .iter()
                .map(|(name, r)| (name.clone(), r.schema.clone()))
                .collect(),
            data_source_schemas: self
                .data_sources
                .iter()
                .map(|(name, d)| (name.clone(), d.schema.clone()))
                .collect(),
            functions: HashMap::new(),
            diagnostics: self.init.items.clone(),
            // No provider_meta arguments.
            provider_meta: Some(tf::Schema {
                version: 0,
                block: Some(tf::schema::Block::default()),
            }),
            server_capabilities: Some(capabilities()),
        }))
    }

    async fn validate_provider_config(
        &self,
        _request: Request<tf::validate_provider_config::Request>,
    ) -> Answer<tf::validate_provider_config::Response> {
        // Every setting may come from the environment: nothing to check before configuring.
        Ok(Response::new(tf::validate_provider_config::Response {
            diagnostics: Vec::new(),
        }))
    }

    async fn validate_resource_config(
        &self,
        request: Request<tf::validate_resource_config::Request>,
    ) -> Answer<tf::validate_resource_config::Response> {
        let request = request.into_inner();
        let mut diags = Diagnostics::default();
        if let Some(resource) = self.resource(&mut diags, &request.type_name) {
            if let Some(config) = decode(request.config, &mut diags, "configuration") {
                resource.validate(&mut diags, &config);
            }
        }
        Ok(Response::new(tf::validate_resource_config::Response {
            diagnostics: diags.items,
        }))
    }

    async fn validate_data_resource_config(
        &self,
        request: Request<tf::validate_data_resource_config::Request>,
    ) -> Answer<tf::validate_data_resource_config::Response> {
        let request = request.into_inner();
        let mut diags = Diagnostics::default();
        if !self.data_sources.contains_key(&request.type_name) {
            diag::root(
                &mut diags,
                format!("The provider has no data source `{}`", request.type_name),
                "Terraform asked for a data source the provider's schema does not list.",
            );
        }
        Ok(Response::new(tf::validate_data_resource_config::Response {
            diagnostics: diags.items,
        }))
    }

    async fn upgrade_resource_state(
        &self,
        request: Request<tf::upgrade_resource_state::Request>,
    ) -> Answer<tf::upgrade_resource_state::Response> {
        let request = request.into_inner();
        let mut diags = Diagnostics::default();
        let mut upgraded = None;
        if let Some(resource) = self.resource(&mut diags, &request.type_name) {
            let version = resource.schema.version;
            match request.raw_state {
                Some(raw) if !raw.json.is_empty() && request.version == version => {
                    // The state is in the current schema's shape: Terraform reads it as is.
                    upgraded = Some(tf::DynamicValue {
                        msgpack: Vec::new(),
                        json: raw.json,
                    });
                }
                Some(raw) if !raw.json.is_empty() => diag::root(
                    &mut diags,
                    format!("Cannot upgrade the state of {}", request.type_name),
                    format!(
                        "The state was written with schema version {}; this provider reads \
                         version {version} only.",
                        request.version
                    ),
                ),
                _ => diag::root(
                    &mut diags,
                    format!("Cannot upgrade the state of {}", request.type_name),
                    "The state is in the legacy flatmap format, which this provider does not \
                     read.",
                ),
            }
        }
        Ok(Response::new(tf::upgrade_resource_state::Response {
            upgraded_state: upgraded,
            diagnostics: diags.items,
        }))
    }

    async fn configure_provider(
        &self,
        request: Request<tf::configure_provider::Request>,
    ) -> Answer<tf::configure_provider::Response> {
        let request = request.into_inner();
        let mut diags = Diagnostics::default();
        if let Some(config) = decode(request.config, &mut diags, "provider configuration") {
            self.provider.configure(&mut diags, &config);
        }
        Ok(Response::new(tf::configure_provider::Response {
            diagnostics: diags.items,
        }))
    }

    async fn read_resource(
        &self,
        request: Request<tf::read_resource::Request>,
    ) -> Answer<tf::read_resource::Response> {
        let request = request.into_inner();
        let mut diags = Diagnostics::default();
        let mut new_state = None;
        if let Some(resource) = self.resource(&mut diags, &request.type_name) {
            if let Some(state) = decode(request.current_state, &mut diags, "state") {
                // `None`: gone upstream, a null state removes it.
                let state = resource.read(&mut diags, state).await.unwrap_or_default();
                new_state = encode(&resource.ty.conform(&state), &mut diags);
            }
        }
        Ok(Response::new(tf::read_resource::Response {
            new_state,
            diagnostics: diags.items,
            private: request.private,
        }))
    }

    async fn plan_resource_change(
        &self,
        request: Request<tf::plan_resource_change::Request>,
    ) -> Answer<tf::plan_resource_change::Response> {
        let request = request.into_inner();
        let mut diags = Diagnostics::default();
        let mut planned_state = None;
        let mut requires_replace = Vec::new();
        if let (Some(resource), Some(prior), Some(proposed), Some(config)) = (
            self.resource(&mut diags, &request.type_name),
            decode(request.prior_state, &mut diags, "prior state"),
            decode(request.proposed_new_state, &mut diags, "proposed state"),
            decode(request.config, &mut diags, "configuration"),
        ) {
            let planned = match (prior.is_null(), proposed.is_null()) {
                (false, false) => {
                    let imported = request.prior_private == crate::resource::IMPORTED;
                    let (planned, replace) =
                        resource.plan_update(&mut diags, &prior, proposed, &config, imported);
                    requires_replace = replace;
                    Some(planned)
                }
                // Destroy: nothing to plan, maybe something to say.
                (false, true) => {
                    resource.plan_destroy(&mut diags, &prior);
                    Some(Dyn::Null)
                }
                (true, false) => Some(resource.plan_create(&mut diags, proposed, &config)),
                (true, true) => {
                    diag::root(
                        &mut diags,
                        "Nothing to plan",
                        "Terraform asked to plan a resource with neither a prior nor a new state.",
                    );
                    None
                }
            };
            if let Some(planned) = planned {
                planned_state = encode(&resource.ty.conform(&planned), &mut diags);
            }
        }
        Ok(Response::new(tf::plan_resource_change::Response {
            planned_state,
            requires_replace,
            planned_private: request.prior_private,
            diagnostics: diags.items,
            legacy_type_system: false,
        }))
    }

    async fn apply_resource_change(
        &self,
        request: Request<tf::apply_resource_change::Request>,
    ) -> Answer<tf::apply_resource_change::Response> {
        let request = request.into_inner();
        let mut diags = Diagnostics::default();
        let mut new_state = None;
        let imported = request.planned_private == crate::resource::IMPORTED;
        if let (Some(resource), Some(prior), Some(planned)) = (
            self.resource(&mut diags, &request.type_name),
            decode(request.prior_state, &mut diags, "prior state"),
            decode(request.planned_state, &mut diags, "planned state"),
        ) {
            let state = match (prior.is_null(), planned.is_null()) {
                // A failed update keeps the prior state: the object is not forgotten.
                (false, false) => {
                    let config =
                        decode(request.config, &mut diags, "configuration").unwrap_or(Dyn::Null);
                    Some(
                        resource
                            .update(&mut diags, &prior, planned, &config, imported)
                            .await,
                    )
                }
                // An object that could not be deleted stays in the state.
                (false, true) => match resource.destroy(&mut diags, &prior).await {
                    Some(()) => Some(Dyn::Null),
                    None => Some(prior),
                },
                (true, false) => resource.create(&mut diags, planned).await,
                (true, true) => {
                    diag::root(
                        &mut diags,
                        "Nothing to apply",
                        "Terraform asked to apply a change with neither a prior nor a planned \
                         state.",
                    );
                    None
                }
            };
            if let Some(state) = state {
                new_state = encode(&resource.ty.conform(&state), &mut diags);
            }
        }
        // An imported object stays marked until an apply succeeds: after a failed one the
        // state is the prior one, whose unreadable arguments are still unknown (a
        // replacement planned for them would delete the object at Twilio).
        let private = if imported && diags.has_errors() {
            crate::resource::IMPORTED.to_vec()
        } else {
            Vec::new()
        };
        Ok(Response::new(tf::apply_resource_change::Response {
            new_state,
            private,
            diagnostics: diags.items,
            legacy_type_system: false,
        }))
    }

    async fn import_resource_state(
        &self,
        request: Request<tf::import_resource_state::Request>,
    ) -> Answer<tf::import_resource_state::Response> {
        let request = request.into_inner();
        let mut diags = Diagnostics::default();
        let mut imported_resources = Vec::new();
        if let Some(resource) = self.resource(&mut diags, &request.type_name) {
            if let Some(state) = resource.import(&mut diags, &request.id) {
                if let Some(state) = encode(&resource.ty.conform(&state), &mut diags) {
                    imported_resources.push(tf::import_resource_state::ImportedResource {
                        type_name: request.type_name.clone(),
                        state: Some(state),
                        private: crate::resource::IMPORTED.to_vec(),
                    });
                }
            }
        }
        Ok(Response::new(tf::import_resource_state::Response {
            imported_resources,
            diagnostics: diags.items,
        }))
    }

    async fn move_resource_state(
        &self,
        request: Request<tf::move_resource_state::Request>,
    ) -> Answer<tf::move_resource_state::Response> {
        let request = request.into_inner();
        let mut diags = Diagnostics::default();
        diag::root(
            &mut diags,
            "Moving resource state is not supported",
            format!(
                "The provider cannot move a `{}` of {} into a `{}`.",
                request.source_type_name, request.source_provider_address, request.target_type_name
            ),
        );
        Ok(Response::new(tf::move_resource_state::Response {
            target_state: None,
            diagnostics: diags.items,
            target_private: Vec::new(),
        }))
    }

    async fn read_data_source(
        &self,
        request: Request<tf::read_data_source::Request>,
    ) -> Answer<tf::read_data_source::Response> {
        let request = request.into_inner();
        let mut diags = Diagnostics::default();
        let mut state = None;
        match self.data_sources.get(&request.type_name) {
            None => diag::root(
                &mut diags,
                format!("The provider has no data source `{}`", request.type_name),
                "Terraform asked for a data source the provider's schema does not list.",
            ),
            Some(data_source) => {
                if let Some(config) = decode(request.config, &mut diags, "configuration") {
                    if let Some(read) = data_source.read(&mut diags, config).await {
                        state = encode(&data_source.ty.conform(&read), &mut diags);
                    }
                }
            }
        }
        Ok(Response::new(tf::read_data_source::Response {
            state,
            diagnostics: diags.items,
        }))
    }

    async fn get_functions(
        &self,
        _request: Request<tf::get_functions::Request>,
    ) -> Answer<tf::get_functions::Response> {
        Ok(Response::new(tf::get_functions::Response {
            functions: HashMap::new(),
            diagnostics: Vec::new(),
        }))
    }

    async fn call_function(
        &self,
        request: Request<tf::call_function::Request>,
    ) -> Answer<tf::call_function::Response> {
        Ok(Response::new(tf::call_function::Response {
            result: None,
            error: Some(tf::FunctionError {
                text: format!(
                    "The provider has no function `{}`",
                    request.into_inner().name
                ),
                function_argument: None,
            }),
        }))
    }

    async fn stop_provider(
        &self,
        _request: Request<tf::stop_provider::Request>,
    ) -> Answer<tf::stop_provider::Response> {
        // Operations end at their timeouts; the process ends at the controller's Shutdown.
        Ok(Response::new(tf::stop_provider::Response {
            error: String::new(),
        }))
    }
}

#[tonic::async_trait]
impl plugin::grpc_controller_server::GrpcController for Served {
    async fn shutdown(&self, _request: Request<plugin::Empty>) -> Answer<plugin::Empty> {
        self.stop.send_replace(true);
        Ok(Response::new(plugin::Empty {}))
    }
}

#[tonic::async_trait]
impl plugin::grpc_stdio_server::GrpcStdio for Served {
    type StreamStdioStream = Boxed<plugin::StdioData>;

    /// The provider writes nothing to mirror: the stream stays open, empty, until it stops.
    async fn stream_stdio(&self, _request: Request<()>) -> Answer<Self::StreamStdioStream> {
        Ok(Response::new(self.until_stopped()))
    }
}

#[tonic::async_trait]
impl plugin::grpc_broker_server::GrpcBroker for Served {
    type StartStreamStream = Boxed<plugin::ConnInfo>;

    /// Terraform opens the broker's stream but offers providers no connections through it.
    async fn start_stream(
        &self,
        _request: Request<tonic::Streaming<plugin::ConnInfo>>,
    ) -> Answer<Self::StartStreamStream> {
        Ok(Response::new(self.until_stopped()))
    }
}

/// go-plugin's AutoMTLS: Terraform passes its client certificate in `PLUGIN_CLIENT_CERT`
/// and trusts exactly the certificate the handshake line carries.
mod tls {
    use std::sync::Arc;

    use rustls::client::danger::HandshakeSignatureValid;
    use rustls::crypto::CryptoProvider;
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, UnixTime};
    use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
    use rustls::{DigitallySignedStruct, DistinguishedName, SignatureScheme};
    use tokio::net::TcpListener;
    use tokio_rustls::server::TlsStream;
    use tokio_rustls::TlsAcceptor;

    use super::{mpsc, Error, ReceiverStream};

    /// The server's TLS configuration and its certificate.
    pub struct Tls {
        /// The self-signed certificate of this process (DER).
        pub cert_der: Vec<u8>,
        acceptor: TlsAcceptor,
    }

    impl Tls {
        /// A fresh self-signed certificate for `localhost` (the name go-plugin checks), and a
        /// configuration that accepts Terraform's certificate (`client_pem`) and no other.
        pub fn new(client_pem: &str) -> Result<Tls, Error> {
            let client = CertificateDer::from_pem_slice(client_pem.as_bytes())
                .map_err(|e| format!("PLUGIN_CLIENT_CERT is not a PEM certificate: {e}"))?;
            let key = rcgen::KeyPair::generate()?;
            let mut params = rcgen::CertificateParams::new(vec!["localhost".to_owned()])?;
            params
                .distinguished_name
                .push(rcgen::DnType::CommonName, "localhost");
            // As go-plugin makes its own: a CA, so the host can trust it as its only root.
            params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
            params.key_usages = vec![
                rcgen::KeyUsagePurpose::DigitalSignature,
                rcgen::KeyUsagePurpose::KeyEncipherment,
                rcgen::KeyUsagePurpose::KeyAgreement,
                rcgen::KeyUsagePurpose::KeyCertSign,
            ];
            params.extended_key_usages = vec![
                rcgen::ExtendedKeyUsagePurpose::ServerAuth,
                rcgen::ExtendedKeyUsagePurpose::ClientAuth,
            ];
            let cert = params.self_signed(&key)?;
            let crypto = Arc::new(ring_provider());
            let verifier = Arc::new(OnlyTerraform {
                cert: client.into_owned(),
                crypto: crypto.clone(),
            });
            let mut config = rustls::ServerConfig::builder_with_provider(crypto)
                .with_safe_default_protocol_versions()?
                .with_client_cert_verifier(verifier)
                .with_single_cert(
                    vec![cert.der().clone()],
                    PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
                )?;
            // gRPC clients require HTTP/2 by ALPN.
            config.alpn_protocols = vec![b"h2".to_vec()];
            Ok(Tls {
                cert_der: cert.der().to_vec(),
                acceptor: TlsAcceptor::from(Arc::new(config)),
            })
        }

        /// The TLS connections of `listener`; a failed handshake drops that connection only.
        pub fn incoming(
            &self,
            listener: TcpListener,
        ) -> ReceiverStream<Result<TlsStream<tokio::net::TcpStream>, std::io::Error>> {
            let (tx, rx) = mpsc::channel(16);
            let acceptor = self.acceptor.clone();
            tokio::spawn(async move {
                loop {
                    let tcp = match listener.accept().await {
                        Ok((tcp, _)) => tcp,
                        Err(e) => {
                            if tx.send(Err(e)).await.is_err() {
                                return;
                            }
                            continue;
                        }
                    };
                    let (acceptor, tx) = (acceptor.clone(), tx.clone());
                    tokio::spawn(async move {
                        if let Ok(tls) = acceptor.accept(tcp).await {
                            let _ = tx.send(Ok(tls)).await;
                        }
                    });
                }
            });
            ReceiverStream::new(rx)
        }
    }

    /// rustls with *ring*. Releases from 0.23.48 on mark it deprecated for its lack of
    /// post-quantum key exchange; on a loopback connection whose certificate Terraform pins
    /// that is no loss, and the alternative (aws-lc-rs) builds a C library of its own.
    #[allow(deprecated)]
    fn ring_provider() -> CryptoProvider {
        rustls::crypto::ring::default_provider()
    }

    /// Accepts Terraform's certificate, byte for byte, and refuses any other. A client
    /// without a certificate is let in: the key of the certificate Terraform makes is
    /// ECDSA P-521, which `ring` cannot verify, so Terraform offers none here (the channel
    /// is still encrypted and Terraform checks this process's certificate).
    #[derive(Debug)]
    struct OnlyTerraform {
        cert: CertificateDer<'static>,
        crypto: Arc<CryptoProvider>,
    }

    impl ClientCertVerifier for OnlyTerraform {
        fn offer_client_auth(&self) -> bool {
            true
        }

        fn client_auth_mandatory(&self) -> bool {
            false
        }

        fn root_hint_subjects(&self) -> &[DistinguishedName] {
            &[]
        }

        fn verify_client_cert(
            &self,
            end_entity: &CertificateDer<'_>,
            _intermediates: &[CertificateDer<'_>],
            _now: UnixTime,
        ) -> Result<ClientCertVerified, rustls::Error> {
            if end_entity.as_ref() == self.cert.as_ref() {
                Ok(ClientCertVerified::assertion())
            } else {
                Err(rustls::Error::InvalidCertificate(
                    rustls::CertificateError::ApplicationVerificationFailure,
                ))
            }
        }

        fn verify_tls12_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls12_signature(
                message,
                cert,
                dss,
                &self.crypto.signature_verification_algorithms,
            )
        }

        fn verify_tls13_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls13_signature(
                message,
                cert,
                dss,
                &self.crypto.signature_verification_algorithms,
            )
        }

        fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
            self.crypto
                .signature_verification_algorithms
                .supported_schemes()
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn cert() -> rcgen::Certificate {
            let key = rcgen::KeyPair::generate().unwrap();
            rcgen::CertificateParams::new(vec!["localhost".to_owned()])
                .unwrap()
                .self_signed(&key)
                .unwrap()
        }

        #[test]
        fn only_terraforms_certificate_is_accepted() {
            let (terraform, other) = (cert(), cert());
            let verifier = OnlyTerraform {
                cert: terraform.der().clone(),
                crypto: Arc::new(ring_provider()),
            };
            let now = UnixTime::now();
            assert!(verifier
                .verify_client_cert(terraform.der(), &[], now)
                .is_ok());
            assert!(verifier.verify_client_cert(other.der(), &[], now).is_err());
            assert!(verifier.offer_client_auth());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_handshake_line_is_what_go_plugin_reads() {
        let addr: std::net::SocketAddr = "127.0.0.1:4567".parse().unwrap();
        assert_eq!(
            handshake_line(addr, Some(&[0xde, 0xad, 0xbe, 0xef])),
            "1|6|tcp|127.0.0.1:4567|grpc|3q2+7w"
        );
        assert_eq!(handshake_line(addr, None), "1|6|tcp|127.0.0.1:4567|grpc|");
    }

    #[test]
    fn values_decode_from_messagepack_and_json_and_null_when_missing() {
        let mut diags = Diagnostics::default();
        let mut obj = Dyn::Null;
        obj.set("a", Dyn::String("x".into()));
        obj.set("u", Dyn::Unknown);
        let sent = encode(&obj, &mut diags).unwrap();
        assert_eq!(decode(Some(sent), &mut diags, "state"), Some(obj));
        let json = tf::DynamicValue {
            msgpack: Vec::new(),
            json: br#"{"a": "x", "n": 2}"#.to_vec(),
        };
        let mut want = Dyn::Null;
        want.set("a", Dyn::String("x".into()));
        want.set("n", Dyn::Int(2));
        assert_eq!(decode(Some(json), &mut diags, "state"), Some(want));
        assert_eq!(decode(None, &mut diags, "state"), Some(Dyn::Null));
        assert!(diags.items.is_empty(), "{diags:?}");
        let bad = tf::DynamicValue {
            msgpack: vec![0xc1],
            json: Vec::new(),
        };
        assert_eq!(decode(Some(bad), &mut diags, "prior state"), None);
        assert!(diags.has_errors());
        assert!(diags.items[0].summary.contains("prior state"));
    }

    #[test]
    fn the_certificate_is_self_signed_for_localhost_and_pins_terraforms() {
        let client_key = rcgen::KeyPair::generate().unwrap();
        let client = rcgen::CertificateParams::new(vec!["localhost".to_owned()])
            .unwrap()
            .self_signed(&client_key)
            .unwrap();
        let tls = tls::Tls::new(&client.pem()).unwrap();
        assert!(!tls.cert_der.is_empty());
        assert_ne!(tls.cert_der, client.der().to_vec());
        let e = tls::Tls::new("not a certificate").err().unwrap();
        assert!(e.to_string().contains("PLUGIN_CLIENT_CERT"), "{e}");
    }
}
