package io.layerx.server;

import io.layerx.model.LayerXException;
import io.layerx.service.ControlPlane;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;

/**
 * The control plane of whichever core this server runs now: the leader's, while it leads. While it does not lead,
 * reads of state ({@link #READS}) go to the server's own read-only view of the store, and every other call is
 * {@link LayerXException.Unavailable} (the API forwards those to the leader, so only a request racing a change of
 * leader sees it).
 *
 * <p>It is a dynamic proxy rather than a class that lists every method: the control plane grows often, and a method
 * added to it is then leader-only by default, which is the safe side, without touching this class.
 */
final class SwitchingControlPlane implements InvocationHandler {

    /** The methods a follower's own view answers. */
    static final Set<String> READS = Set.of("clusters", "cluster", "nodes", "node", "jobs", "job", "tasks", "task",
            "subscribe", "revision");

    private final ControlPlane proxy = (ControlPlane) Proxy.newProxyInstance(ControlPlane.class.getClassLoader(),
            new Class<?>[] {ControlPlane.class}, this);
    private volatile ControlPlane current;
    private volatile ControlPlane reader;

    /** The control plane to hand out: it follows {@link #use}, {@link #clear} and {@link #readFrom}. */
    ControlPlane controlPlane() {
        return proxy;
    }

    void use(ControlPlane next) {
        current = next;
    }

    void clear() {
        current = null;
    }

    /** Where reads go while this server does not lead. */
    void readFrom(ControlPlane view) {
        reader = view;
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) return objectMethod(method, args);
        ControlPlane target = current;
        if (target == null && READS.contains(method.getName())) target = reader;
        if (target == null) throw new LayerXException.Unavailable("this server does not lead right now", null);
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Object objectMethod(Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> args[0] == proxy;
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "SwitchingControlPlane(" + (current != null ? "leading" : "following") + ")";
        };
    }
}
